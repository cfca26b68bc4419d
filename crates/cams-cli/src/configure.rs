//! `cams configure [list | get [FIELD]... | set --profile NAME --mode MODE ...]`: the profiles
//! of `~/.aliyun/config.json`, in the `aliyun` CLI's format, so both tools share them.

use crate::app::emit;
use crate::cams_file::{CamsFile, take_cams_keys};
use crate::cli::{ConfigureAction, GlobalArgs, Mode, SetArgs};
use crate::error::CliError;
use crate::output::format_table;
use crate::resolve::{
    config_path, load_config, profile_name, read_secret_from_stdin, secret_warning,
};
use cams_credentials::Env;
use cams_credentials::cli_config::{ConfigFile, Profile};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Keys whose values are never printed.
const SECRET_KEYS: [&str; 3] = ["access_key_secret", "sts_token", "bearer_token"];

/// Runs a `configure` command.
pub(crate) fn run(global: &GlobalArgs, action: Option<ConfigureAction>) -> Result<(), CliError> {
    let env = Env::process();
    let path = config_path(global, &env)
        .ok_or_else(|| CliError::usage("--config-path: no home directory; give --config-path"))?;
    let mut file = load_config(Some(&path))?;
    match action.unwrap_or(ConfigureAction::List) {
        ConfigureAction::List => {
            let cams = CamsFile::load(&crate::cams_file::path_beside(&path))?;
            emit(list(&file, &cams).as_bytes())?;
        }
        ConfigureAction::Get { fields } => {
            let name = profile_name(global, &env, &file).unwrap_or_else(|| "default".to_owned());
            let profile = file.profile(&name).ok_or_else(|| {
                CliError::usage(format!(
                    "--profile: no profile {name:?} in {}",
                    path.display()
                ))
            })?;
            let cams = CamsFile::load(&crate::cams_file::path_beside(&path))?;
            let mut profile = profile.clone();
            for key in crate::cams_file::CAMS_KEYS {
                if let Some(v) = cams.get(&name, key) {
                    profile.extra.insert(key.to_owned(), v.clone());
                }
            }
            emit(get(&profile, &fields)?.as_bytes())?;
        }
        ConfigureAction::Set(args) => {
            if let Some(warning) = secret_warning(global, true) {
                eprintln!("{warning}");
            }
            let mut global = global.clone();
            read_secret_from_stdin(&mut global)?;
            let name = global.profile.clone().unwrap_or_else(|| {
                if file.current.is_empty() {
                    "default".to_owned()
                } else {
                    file.current.clone()
                }
            });
            let cams_path = crate::cams_file::path_beside(&path);
            let mut cams = CamsFile::load(&cams_path)?;
            prompt_for_secret(&file, &name, &mut global, &args)?;
            set(&mut file, &mut cams, &name, &global, &args)?;
            save(&file, &path)?;
            cams.save(&cams_path)?;
            emit(format!("Saved profile {name:?} to {}\n", path.display()).as_bytes())?;
        }
    }
    Ok(())
}

/// On a terminal, a mode that needs a secret the profile lacks asks for it without echo,
/// as `aliyun configure` does.
fn prompt_for_secret(
    file: &ConfigFile,
    name: &str,
    global: &mut GlobalArgs,
    args: &SetArgs,
) -> Result<(), CliError> {
    let mode = args
        .mode
        .map(Mode::as_str)
        .or_else(|| file.profile(name).map(|p| p.mode.as_str()))
        .unwrap_or("AK");
    let needs_secret = matches!(mode, "AK" | "StsToken" | "RamRoleArn");
    let has_secret = global.access_key_secret.is_some()
        || file
            .profile(name)
            .is_some_and(|p| p.get("access_key_secret").is_some());
    let term = console::Term::stderr();
    if !needs_secret || has_secret || !term.is_term() || !console::Term::stdout().is_term() {
        return Ok(());
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Ok(());
    }
    let _ = term.write_str("Access Key Secret (not shown): ");
    let secret = term
        .read_secure_line()
        .map_err(|e| CliError::usage(format!("--access-key-secret: cannot read it: {e}")))?;
    if !secret.is_empty() {
        global.access_key_secret = Some(secret);
    }
    Ok(())
}

fn save(file: &ConfigFile, path: &PathBuf) -> Result<(), CliError> {
    file.save(path)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
}

/// A value as `list`/`get` show it: a secret only as `******` (set) or empty (unset).
fn masked(key: &str, value: &str) -> String {
    match (SECRET_KEYS.contains(&key), value.is_empty()) {
        (true, false) => "******".to_owned(),
        _ => value.to_owned(),
    }
}

/// Every profile as a table; the current one marked `*`.
fn list(file: &ConfigFile, cams: &CamsFile) -> String {
    if file.profiles.is_empty() {
        return "No profiles yet: cams configure set --profile NAME --mode AK --access-key-id ID --access-key-secret SECRET --region REGION\n".to_owned();
    }
    let rows: Vec<Value> = file
        .profiles
        .iter()
        .map(|p| {
            let mark = if p.name == file.current { " *" } else { "" };
            let credential = match (p.mode.as_str(), p.get("access_key_id")) {
                (mode, Some(id)) => format!("{mode}:{}", masked_id(id)),
                (mode, None) => mode.to_owned(),
            };
            json!({
                "Profile": format!("{}{mark}", p.name),
                "Credential": credential,
                "Secret": p.get("access_key_secret").map_or("-".to_owned(), |s| masked("access_key_secret", s)),
                "Region": p.get("region_id").unwrap_or("-"),
                "Endpoint": cams
                    .get(&p.name, "endpoint")
                    .and_then(Value::as_str)
                    .or_else(|| p.get("endpoint"))
                    .unwrap_or("-"),
            })
        })
        .collect();
    let cols: Vec<String> = ["Profile", "Credential", "Secret", "Region", "Endpoint"]
        .map(String::from)
        .to_vec();
    format_table(&cols, &rows, |col, row| Ok(row[col].clone())).unwrap_or_default()
}

/// An access key id with all but its last 4 characters hidden (ids are not secret, but
/// whole ones need not be on screen).
fn masked_id(id: &str) -> String {
    let n = id.chars().count();
    if n <= 4 {
        return id.to_owned();
    }
    format!("***{}", id.chars().skip(n - 4).collect::<String>())
}

/// The profile as JSON (secrets masked), or the fields asked for, one per line.
fn get(profile: &Profile, fields: &[String]) -> Result<String, CliError> {
    let mut value = serde_json::to_value(profile)
        .map_err(|e| CliError::failure(format!("cannot show the profile: {e}")))?;
    if let Value::Object(map) = &mut value {
        for (k, v) in map.iter_mut() {
            if let Value::String(s) = v {
                *s = masked(k, s);
            }
        }
        if fields.is_empty() {
            let mut text = serde_json::to_string_pretty(map).unwrap_or_default();
            text.push('\n');
            return Ok(text);
        }
        let mut out = String::new();
        for field in fields {
            let shown = match map.get(field.as_str()) {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            out.push_str(&format!("{field}={shown}\n"));
        }
        return Ok(out);
    }
    Ok(String::new())
}

/// Creates or changes profile `name`; the mode's required fields must be there in the end.
fn set(
    file: &mut ConfigFile,
    cams: &mut CamsFile,
    name: &str,
    global: &GlobalArgs,
    args: &SetArgs,
) -> Result<(), CliError> {
    let mut profile = file.profile(name).cloned().unwrap_or_else(|| {
        let mut p = Profile::new(name, Mode::Ak.as_str());
        p.output_format = Some("json".to_owned());
        p.language = Some("en".to_owned());
        p
    });
    if let Some(mode) = args.mode {
        profile.mode = mode.as_str().to_owned();
    }
    let put = |slot: &mut Option<String>, v: &Option<String>| {
        if let Some(v) = v {
            *slot = Some(v.clone());
        }
    };
    put(&mut profile.access_key_id, &global.access_key_id);
    put(&mut profile.access_key_secret, &global.access_key_secret);
    put(&mut profile.sts_token, &global.sts_token);
    put(&mut profile.region_id, &global.region);
    put(&mut profile.ram_role_arn, &args.ram_role_arn);
    put(&mut profile.ram_session_name, &args.role_session_name);
    put(&mut profile.ram_role_name, &args.ram_role_name);
    put(&mut profile.external_id, &args.external_id);
    put(&mut profile.sts_region, &args.sts_region);
    put(&mut profile.oidc_provider_arn, &args.oidc_provider_arn);
    put(&mut profile.oidc_token_file, &args.oidc_token_file);
    put(&mut profile.language, &args.language);
    if let Some(s) = args.expired_seconds {
        profile.expired_seconds = Some(s);
    }
    take_cams_keys(&mut profile, cams);
    if let Some(e) = &global.endpoint {
        cams.set(name, "endpoint", Value::from(e.as_str()));
    }
    for (key, v) in [
        ("connect_timeout", global.connect_timeout),
        ("read_timeout", global.read_timeout),
        ("retry_count", global.retry_count.map(f64::from)),
    ] {
        if let Some(v) = v {
            let value = match key {
                "retry_count" => Value::from(v as u64),
                _ => Value::from(v),
            };
            cams.set(name, key, value);
        }
    }
    let needs: &[(&str, &str)] = match profile.mode.as_str() {
        "AK" => &[
            ("access_key_id", "--access-key-id"),
            ("access_key_secret", "--access-key-secret"),
        ],
        "StsToken" => &[
            ("access_key_id", "--access-key-id"),
            ("access_key_secret", "--access-key-secret"),
            ("sts_token", "--sts-token"),
        ],
        "RamRoleArn" => &[
            ("access_key_id", "--access-key-id"),
            ("access_key_secret", "--access-key-secret"),
            ("ram_role_arn", "--ram-role-arn"),
        ],
        "OIDC" => &[
            ("ram_role_arn", "--ram-role-arn"),
            ("oidc_provider_arn", "--oidc-provider-arn"),
            ("oidc_token_file", "--oidc-token-file"),
        ],
        _ => &[],
    };
    let mut missing: Vec<String> = needs
        .iter()
        .filter(|(key, _)| profile.get(key).is_none())
        .map(|(_, flag)| match *flag {
            "--access-key-secret" => format!(
                "{flag}: required by --mode {} (`--access-key-secret -` reads it from standard input; on a terminal, leave it out to be asked)",
                profile.mode
            ),
            _ => format!("{flag}: required by --mode {}", profile.mode),
        })
        .collect();
    // `aliyun` refuses a profile without a region ("region can't be empty") in every mode.
    if profile.get("region_id").is_none() {
        missing.push(format!(
            "--region: required by --mode {} (the aliyun CLI refuses a profile without a region)",
            profile.mode
        ));
    }
    if !missing.is_empty() {
        return Err(CliError::usage(missing.join("; ")));
    }
    if file.current.is_empty() {
        file.current = name.to_owned();
    }
    file.upsert_profile(profile);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(line: &str) -> (GlobalArgs, SetArgs) {
        let cli = crate::cli::Cli::try_parse_from(line.split(' ')).expect("parses");
        match cli.command {
            Some(crate::cli::Builtin::Configure {
                action: Some(ConfigureAction::Set(args)),
            }) => (cli.global, args),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn set_writes_the_mode_and_fields_and_keeps_other_profiles() {
        let mut file = ConfigFile::from_json(
            r#"{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"a","access_key_secret":"b","future":1}],"meta_path":""}"#,
        )
        .expect("valid");
        let (global, args) = parse(
            "cams configure set --profile sts --mode StsToken --access-key-id id1 --access-key-secret sec1 --sts-token tok1 --region ap-southeast-1 --endpoint http://127.0.0.1:1",
        );
        let mut cams = CamsFile::default();
        set(&mut file, &mut cams, "sts", &global, &args).expect("complete");
        let p = file.profile("sts").expect("added");
        assert_eq!(p.mode, "StsToken");
        assert_eq!(p.get("sts_token"), Some("tok1"));
        assert_eq!(p.get("region_id"), Some("ap-southeast-1"));
        assert_eq!(p.get("endpoint"), None, "endpoint is kept in cams.json");
        assert_eq!(
            cams.get("sts", "endpoint"),
            Some(&Value::from("http://127.0.0.1:1"))
        );
        assert_eq!(file.current, "default");
        assert_eq!(
            file.profile("default").map(|d| d.extra["future"].clone()),
            Some(1.into())
        );
    }

    #[test]
    fn a_mode_without_its_fields_is_refused_naming_the_flags() {
        let mut file = ConfigFile::default();
        let (global, args) =
            parse("cams configure set --profile r --mode RamRoleArn --access-key-id id");
        let err =
            set(&mut file, &mut CamsFile::default(), "r", &global, &args).expect_err("incomplete");
        let text = err.to_string();
        assert!(
            text.contains("--access-key-secret")
                && text.contains("--ram-role-arn")
                && text.contains("--region"),
            "{text}"
        );
        assert!(file.profiles.is_empty());
    }

    #[test]
    fn list_and_get_never_show_a_secret() {
        let file = ConfigFile::from_json(
            r#"{"current":"p","profiles":[{"name":"p","mode":"StsToken","access_key_id":"LTAI5tAbCdEfGh","access_key_secret":"super-secret-value","sts_token":"token-token-token","region_id":"cn-hangzhou"}]}"#,
        )
        .expect("valid");
        let listed = list(&file, &CamsFile::default());
        assert!(
            listed.contains("p *") && listed.contains("StsToken:***EfGh"),
            "{listed}"
        );
        let shown = get(file.profile("p").expect("p"), &[]).expect("json");
        let one = get(file.profile("p").expect("p"), &["region_id".to_owned()]).expect("field");
        assert_eq!(one, "region_id=cn-hangzhou\n");
        for text in [&listed, &shown] {
            assert!(
                !text.contains("super-secret") && !text.contains("token-token"),
                "{text}"
            );
        }
        assert!(
            shown.contains("\"access_key_secret\": \"******\""),
            "{shown}"
        );
    }
}
