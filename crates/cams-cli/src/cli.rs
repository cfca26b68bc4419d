//! The command line as clap sees it: the global flags (the `aliyun` names) and the built-in
//! commands. An operation call (`cams <Action> --<Param> v`) is split off first ([`crate::argv`]),
//! since its flags come from the compiled-in metadata, not from clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `cams`: every CAMS 2020-06-06 operation from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "cams",
    version,
    about = "Every Alibaba Cloud CAMS (Chat App Message Service, 2020-06-06) operation from the command line",
    override_usage = "cams [FLAGS] <Action> [--<Param> <value>]...\n       cams <configure|policy|completion|sandbox> ...",
    disable_help_subcommand = true
)]
pub(crate) struct Cli {
    /// The global flags.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    /// A built-in command (none for an operation call).
    #[command(subcommand)]
    pub(crate) command: Option<Builtin>,
}

/// Flags every command accepts, before or after the action.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct GlobalArgs {
    /// Profile of the config file to use (default: $ALIBABA_CLOUD_PROFILE, else the file's `current`)
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// The config file (default ~/.aliyun/config.json, shared with the aliyun CLI)
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config_path: Option<PathBuf>,
    /// Region id, e.g. ap-southeast-1
    #[arg(long, global = true, value_name = "REGION")]
    pub(crate) region: Option<String>,
    /// Endpoint: a host, or a URL such as http://127.0.0.1:8080
    #[arg(long, global = true, value_name = "HOST|URL")]
    pub(crate) endpoint: Option<String>,
    /// Access key id (else the profile, else the environment)
    #[arg(long, global = true, value_name = "ID")]
    pub(crate) access_key_id: Option<String>,
    /// Access key secret (beware: kept in shell history; prefer a profile)
    #[arg(long, global = true, value_name = "SECRET")]
    pub(crate) access_key_secret: Option<String>,
    /// STS security token (beware: kept in shell history)
    #[arg(long, global = true, value_name = "TOKEN")]
    pub(crate) sts_token: Option<String>,
    /// Signature version (any case)
    #[arg(
        long,
        global = true,
        value_enum,
        ignore_case = true,
        value_name = "VERSION"
    )]
    pub(crate) signature: Option<Signature>,
    /// Seconds allowed to connect, fractions allowed (default 5)
    #[arg(
        long,
        global = true,
        allow_negative_numbers = true,
        value_name = "SECONDS",
        value_parser = seconds
    )]
    pub(crate) connect_timeout: Option<f64>,
    /// Seconds allowed for each attempt's answer, fractions allowed (default 10)
    #[arg(
        long,
        global = true,
        allow_negative_numbers = true,
        value_name = "SECONDS",
        value_parser = seconds
    )]
    pub(crate) read_timeout: Option<f64>,
    /// Retries after a retryable failure (default 2, so 3 attempts; 0 turns retries off)
    #[arg(long, global = true, allow_negative_numbers = true, value_name = "N")]
    pub(crate) retry_count: Option<u32>,
    /// Appended to the user agent
    #[arg(long, value_name = "TEXT")]
    pub(crate) user_agent: Option<String>,
    /// An extra header, K=V (headers the signature covers are refused); repeatable, a
    /// repeated name sends every value
    #[arg(long = "header", value_name = "K=V")]
    pub(crate) headers: Vec<String>,
    /// Print nothing on success
    #[arg(long)]
    pub(crate) quiet: bool,
    /// Print the signed request (signature and token as ***) and send nothing
    #[arg(long, visible_alias = "dryrun")]
    pub(crate) dry_run: bool,
    /// Filter the output with a JMESPath expression
    #[arg(long, value_name = "JMESPATH")]
    pub(crate) cli_query: Option<String>,
    /// json | json-compact | raw (strings unquoted, a list one item a line, as `jq -r`) |
    /// cols=A,B [rows=JMESPATH] [num=true] (a table)
    #[arg(long, short = 'o', num_args = 1.., value_name = "FORMAT")]
    pub(crate) output: Vec<String>,
    /// Send an action or parameters the metadata does not know, as given
    #[arg(long)]
    pub(crate) force: bool,
    /// Fetch every page of a paginated operation and print them as one page (the largest
    /// documented page size unless --Page/--PageSize gives one; the items are held in memory
    /// until printed, so --max-pages bounds them)
    #[arg(long, visible_alias = "pager")]
    pub(crate) all_pages: bool,
    /// With --all-pages: fail after this many pages (a listing that never ends)
    #[arg(long, value_name = "N", default_value_t = cams_api::DEFAULT_MAX_PAGES, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_pages: u64,
}

/// A timeout in seconds: a number above 0, fractions allowed (`0.5`).
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => Ok(s),
        Ok(_) => Err(format!(
            "{text:?} is out of range: a timeout is more than 0 and at most 86400 seconds (e.g. 0.5, 10)"
        )),
        Err(_) => Err(format!(
            "{text:?} is not a number of seconds (e.g. 0.5, 10)"
        )),
    }
}

/// `--signature`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Signature {
    /// ACS3-HMAC-SHA256 (the default)
    V3,
    /// The legacy RPC HMAC-SHA1 signature
    V1,
}

/// The built-in commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Builtin {
    /// Read and write profiles of ~/.aliyun/config.json (shared with the aliyun CLI)
    Configure {
        /// What to do (`list` when absent)
        #[command(subcommand)]
        action: Option<ConfigureAction>,
    },
    /// Print the least-privilege RAM policy allowing the operations given
    Policy {
        /// Operation names (ListChatGroupParticipants ...)
        actions: Vec<String>,
        /// Read the operations from a file: one per line, or lines of `cams` commands
        #[arg(long, value_name = "FILE")]
        from_file: Option<PathBuf>,
    },
    /// Print a shell completion script
    Completion {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Run the local CAMS emulator and print how to point the CLI at it
    Sandbox {
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        listen: String,
        /// A fixture file (default: the demo fixture)
        #[arg(long, value_name = "FILE")]
        fixture: Option<PathBuf>,
        /// Time between a message's status steps (Sent, Delivered, Read) and a template's
        /// audit steps, e.g. 200ms, 1s, 5m
        #[arg(long, default_value = "1s", value_name = "DURATION")]
        receipt_delay: String,
        /// Waits before pushing a refused receipt batch again, comma-separated (`none`: no retry)
        #[arg(long, default_value = "1m,5m", value_name = "LIST")]
        push_retry: String,
    },
    /// Receive CAMS message receipts (HTTP pushes) and print them, one JSON line each
    Receipts {
        /// What to do
        #[command(subcommand)]
        action: ReceiptsAction,
    },
}

/// `cams receipts ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ReceiptsAction {
    /// Listen for pushes; print `listening on http://ADDR`, then one JSON line per new receipt
    Listen(ListenArgs),
}

/// `cams receipts listen` flags.
#[derive(Debug, Clone, Args)]
pub(crate) struct ListenArgs {
    /// Address to listen on (port 0 picks a free one; the first line says which)
    #[arg(long, default_value = "127.0.0.1:8088", value_name = "ADDR")]
    pub(crate) listen: String,
    /// Accept only paths holding this token: /receipts/TOKEN[/status|inbound|audit]
    #[arg(long, value_name = "T")]
    pub(crate) token: Option<String>,
    /// Post each accepted batch (a JSON array) to this URL; acknowledge only on a 2xx
    #[arg(long, value_name = "URL")]
    pub(crate) forward_to: Option<String>,
    /// Share deduplication with other listeners through Redis (redis://HOST:PORT)
    #[arg(long, value_name = "URL")]
    pub(crate) dedupe: Option<String>,
}

/// `cams configure ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigureAction {
    /// List every profile, secrets masked
    List,
    /// Print a profile (secrets masked), or some of its fields
    Get {
        /// Field names (access_key_id, region_id, mode, ...)
        fields: Vec<String>,
    },
    /// Create or change a profile (the one given by --profile)
    Set(SetArgs),
}

/// `cams configure set` fields besides the global ones (--profile, --region, --endpoint,
/// --access-key-id, --access-key-secret, --sts-token).
#[derive(Debug, Clone, Args)]
pub(crate) struct SetArgs {
    /// Credential mode
    #[arg(long, value_enum)]
    pub(crate) mode: Option<Mode>,
    /// RAM role ARN to assume (RamRoleArn, OIDC)
    #[arg(long, value_name = "ARN")]
    pub(crate) ram_role_arn: Option<String>,
    /// Session name for the assumed role
    #[arg(long, value_name = "NAME")]
    pub(crate) role_session_name: Option<String>,
    /// ECS instance RAM role name (EcsRamRole)
    #[arg(long, value_name = "NAME")]
    pub(crate) ram_role_name: Option<String>,
    /// External id for AssumeRole
    #[arg(long, value_name = "ID")]
    pub(crate) external_id: Option<String>,
    /// Lifetime of assumed-role credentials, seconds
    #[arg(long, value_name = "SECONDS")]
    pub(crate) expired_seconds: Option<u64>,
    /// Region of the STS endpoint
    #[arg(long, value_name = "REGION")]
    pub(crate) sts_region: Option<String>,
    /// OIDC provider ARN (OIDC)
    #[arg(long, value_name = "ARN")]
    pub(crate) oidc_provider_arn: Option<String>,
    /// File holding the OIDC token (OIDC)
    #[arg(long, value_name = "FILE")]
    pub(crate) oidc_token_file: Option<String>,
    /// Language of messages (en or zh)
    #[arg(long, value_name = "LANG")]
    pub(crate) language: Option<String>,
}

/// A profile's credential mode, as the aliyun CLI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Mode {
    /// An access key
    #[value(name = "AK")]
    Ak,
    /// An access key with an STS token
    #[value(name = "StsToken")]
    StsToken,
    /// Assume a RAM role with an access key
    #[value(name = "RamRoleArn")]
    RamRoleArn,
    /// The ECS instance's RAM role
    #[value(name = "EcsRamRole")]
    EcsRamRole,
    /// Assume a RAM role with an OIDC token
    #[value(name = "OIDC")]
    Oidc,
}

impl Mode {
    /// The name written to the config file.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Mode::Ak => "AK",
            Mode::StsToken => "StsToken",
            Mode::RamRoleArn => "RamRoleArn",
            Mode::EcsRamRole => "EcsRamRole",
            Mode::Oidc => "OIDC",
        }
    }
}

/// The names of the built-in commands, which are never actions.
pub(crate) const BUILTINS: [&str; 5] = ["configure", "policy", "completion", "sandbox", "receipts"];
