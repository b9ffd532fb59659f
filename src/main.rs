//! Wiring only: parse arguments, read the config, run a command, map its result to an
//! exit code (0 done, 1 bad input, 2 usage).

#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used, clippy::expect_used)]

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use steady::cli::{Cli, ColorWhen, Command};
use steady::commands::run::{self as practice};
use steady::commands::{self, Io};
use steady::library::Library;
use steady::paths;
use steady::settings::config;
use steady::settings::{Env, Settings};

fn main() -> ExitCode {
    // Before anything can write a file: past `ulimit -f`, a write is an error, not death.
    steady::sound::quiet::survive_file_limits();
    // Colour is decided once, before clap writes any help or error, for the whole run.
    let env = Env::read(ColorWhen::from_args(std::env::args_os()).unwrap_or_default());
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let stdout = io::stdout();
    let style = env.stderr_style();
    let mut out = stdout.lock();
    // steady's own stderr, which stays the person's while the sound edge hushes fd 2.
    let mut err = steady::sound::quiet::Stderr;
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        style,
        width: env.stdout_columns,
    };
    // Settings take effect in the player. A problem in the file is reported here, before
    // any screen, and again inside the full-screen player; it costs only the lines at
    // fault (and a gentle switch at fault is taken the gentle way). `--config FILE`
    // reads another file, which must be there; `--no-config` reads none.
    let file = match (&cli.config, cli.no_config) {
        (_, true) => None,
        (Some(path), _) => {
            if let Err(e) = std::fs::metadata(path)
                && e.kind() == io::ErrorKind::NotFound
            {
                let path = steady::text::path(path);
                return commands::report(&mut io, &commands::CommandError::NoConfig { path });
            }
            Some(path.clone())
        }
        (None, false) => paths::config_file(),
    };
    let (config, notice) = match file {
        Some(path) => {
            let loaded = config::load(&path);
            let notice = loaded.report.map(|r| {
                let _ = io.err.write_all(r.render(&path, style).as_bytes());
                r.notice(&path)
            });
            (loaded.config, notice)
        }
        None => (config::Config::default(), None),
    };
    let settings = Settings::resolve(&cli.play_args(), &config, &env);
    let lib = Library::from_env();
    let result = match &cli.command {
        None => practice::pick(&mut io, &lib, settings, notice),
        Some(Command::Run { exercise, .. }) => {
            practice::run(&mut io, &lib, exercise, settings, notice)
        }
        Some(Command::Stats) => commands::stats(&mut io, &lib, settings.show_counts),
        Some(Command::Forget { exercise, yes }) => {
            commands::forget(&mut io, &lib, exercise.as_deref(), *yes)
        }
        Some(Command::List { ids: true, .. }) => commands::ids(&mut io, &lib),
        Some(Command::List { tag, .. }) => {
            let counts = steady::store::Store::from_env().and_then(|s| s.read_tally().ok());
            commands::list(
                &mut io,
                &lib,
                tag.as_deref(),
                counts.as_ref(),
                settings.show_counts,
            )
        }
        Some(Command::Show { exercise, cues }) => {
            commands::show(&mut io, &lib, exercise, *cues, settings.length)
        }
        Some(Command::Check { files }) => commands::check(&mut io, &lib, files),
        Some(Command::New {
            kind,
            name,
            library,
        }) => commands::new(&mut io, *kind, name, *library),
        Some(Command::Schema) => commands::schema(&mut io),
        Some(Command::Completions { shell }) => commands::completions(&mut io, *shell),
        Some(Command::Man) => commands::man(&mut io),
    };
    let result = result.and_then(|code| Ok(io.out.flush().map(|()| code)?));
    match result {
        Ok(code) => code,
        Err(e) => commands::report(&mut io, &e),
    }
}

/// Prints clap's help, version or usage error. An error can quote an argument, and an
/// argument can hold anything (a file named with escape sequences, from a `*`): clap
/// would write it raw on a terminal. So the error is made again from the arguments with
/// every control character escaped, which fail the same way and quote safely.
fn usage_error(e: &clap::Error) -> ExitCode {
    let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(commands::USAGE));
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // Text of clap's own, quoting nothing the user typed.
        let _ = e.print();
        return code;
    }
    let escaped =
        std::env::args_os().map(|a| steady::text::escape(&a.to_string_lossy()).into_owned());
    match Cli::try_parse_from(escaped) {
        Err(again) if again.kind() == e.kind() => {
            let _ = again.print();
            // `steady long-exhale`: the name of an exercise where a command goes.
            if e.kind() == ErrorKind::InvalidSubcommand
                && let Some(name) = std::env::args_os().nth(1)
                && Library::from_env().has_id(&name.to_string_lossy())
            {
                let _ = writeln!(
                    io::stderr(),
                    "\nTo play it: steady run {}",
                    steady::text::escape(&name.to_string_lossy())
                );
            }
        }
        // Escaping changed the outcome: print clap's text without any styling, which
        // also drops every escape sequence.
        _ => {
            let text = e.render().to_string();
            let _ = io::stderr().write_all(steady::text::escape_keep_lines(&text).as_bytes());
        }
    }
    code
}
