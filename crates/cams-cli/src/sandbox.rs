//! `cams sandbox`: runs the CAMS emulator in this process and says how to point `cams` at it
//! (with `--profile NAME`, it also writes that profile).

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::resolve::{config_path, load_config};
use cams_credentials::Env;
use cams_credentials::cli_config::Profile;
use cams_sandbox::{Engine, Fixture, PushConfig, parse_duration, parse_duration_list};
use std::io::Write as _;
use std::path::Path;

/// The region the printed commands use (any region works against the sandbox).
const REGION: &str = "ap-southeast-1";

/// The push settings of `--receipt-delay` and `--push-retry`.
pub(crate) fn push_config(receipt_delay: &str, push_retry: &str) -> Result<PushConfig, CliError> {
    let delay = parse_duration(receipt_delay)
        .map_err(|e| CliError::usage(format!("--receipt-delay: {e}")))?;
    let retries = parse_duration_list(push_retry)
        .map_err(|e| CliError::usage(format!("--push-retry: {e}")))?;
    Ok(PushConfig::default()
        .with_receipt_delay(delay)
        .with_retries(retries))
}

/// Serves until Ctrl-C.
pub(crate) fn run(
    global: &GlobalArgs,
    listen: &str,
    fixture: Option<&Path>,
    push: PushConfig,
) -> Result<(), CliError> {
    let fixture = match fixture {
        Some(path) => Fixture::from_file(path)
            .map_err(|e| CliError::usage(format!("--fixture: {}: {e}", path.display())))?,
        None => Fixture::demo(),
    };
    let credential = fixture
        .credentials
        .iter()
        .find(|c| c.security_token.is_none())
        .cloned()
        .ok_or_else(|| CliError::usage("--fixture: it has no access key without an STS token"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| CliError::usage(format!("--listen: cannot listen on {listen}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| CliError::failure(e.to_string()))?;
        let endpoint = format!("http://{addr}");
        let mut notes = format!("CAMS sandbox listening on {endpoint} (Ctrl-C stops it)\n\n");
        let auth = format!(
            "--access-key-id {} --access-key-secret {}",
            credential.access_key_id, credential.access_key_secret
        );
        let profile_flag = match &global.profile {
            Some(name) => {
                let path = write_profile(global, name, &endpoint, &credential)?;
                notes.push_str(&format!("Profile {name:?} written to {path}.\n"));
                format!("--profile {name}")
            }
            None => {
                notes.push_str(&format!(
                    "Make a profile for it:\n  cams configure set --profile sandbox --mode AK {auth} --region {REGION} --endpoint {endpoint}\nor pass on each call: --endpoint {endpoint} --region {REGION} {auth}\n"
                ));
                "--profile sandbox".to_owned()
            }
        };
        if let Some(group) = fixture.groups.iter().max_by_key(|g| g.participants.len()) {
            notes.push_str(&format!(
                "\nThen try:\n  cams ListChatGroup {profile_flag} --CustSpaceId {cs} --BusinessNumber {bn} --all-pages --output cols=GroupId,Subject,TotalParticipantCount rows=Data.List[]\n  cams ListChatGroupParticipants {profile_flag} --CustSpaceId {cs} --BusinessNumber {bn} --GroupId {g} --all-pages --output cols=ParticipantNumber rows=Data.List[] num=true\n",
                cs = group.cust_space_id,
                bn = group.business_number,
                g = group.group_id,
            ));
        }
        if let Some(group) = fixture.groups.first() {
            notes.push_str(&format!(
                "\nReceipts: point them at your receiver, then send a message or simulate a customer's reply\n(`/sandbox/` paths are unauthenticated test hooks of the emulator):\n  cams UpdatePhoneWebhook {profile_flag} --CustSpaceId {cs} --PhoneNumber {bn} --HttpFlag Y --StatusCallbackUrl http://127.0.0.1:9000/status --UpCallbackUrl http://127.0.0.1:9000/inbound\n  curl -s {endpoint}/sandbox/inbound -d '{{\"CustSpaceId\":\"{cs}\",\"From\":\"8613811112222\",\"To\":\"{bn}\",\"Type\":\"TEXT\",\"Message\":\"hi\"}}'\n",
                cs = group.cust_space_id,
                bn = group.business_number,
            ));
        }
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(notes.as_bytes()).and_then(|()| out.flush());
        drop(out);
        cams_sandbox::serve(listener, Engine::builder(fixture).push_config(push).build(), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| CliError::failure(format!("sandbox: {e}")))
    })
}

fn write_profile(
    global: &GlobalArgs,
    name: &str,
    endpoint: &str,
    credential: &cams_sandbox::FixtureCredential,
) -> Result<String, CliError> {
    let path = config_path(global, &Env::process())
        .ok_or_else(|| CliError::usage("--config-path: no home directory; give --config-path"))?;
    let mut file = load_config(Some(&path))?;
    let mut profile = file
        .profile(name)
        .cloned()
        .unwrap_or_else(|| Profile::new(name, "AK"));
    profile.mode = "AK".to_owned();
    profile.access_key_id = Some(credential.access_key_id.clone());
    profile.access_key_secret = Some(credential.access_key_secret.clone());
    profile.sts_token = None;
    profile.region_id = Some(REGION.to_owned());
    let cams_path = crate::cams_file::path_beside(&path);
    let mut cams = crate::cams_file::CamsFile::load(&cams_path)?;
    crate::cams_file::take_cams_keys(&mut profile, &mut cams);
    cams.set(name, "endpoint", serde_json::Value::from(endpoint));
    cams.save(&cams_path)?;
    file.upsert_profile(profile);
    if file.current.is_empty() {
        file.current = name.to_owned();
    }
    file.save(&path)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    Ok(path.display().to_string())
}
