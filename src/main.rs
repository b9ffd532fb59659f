//! Wiring only: parse arguments, read the config, run a command, map its result to an
//! exit code (0 done, 1 bad input, 2 usage).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use steady::cli::{Cli, Command};
use steady::commands::{self, Io};
use steady::exercise::diagnostic::Style;
use steady::exercise::library::Library;
use steady::practice::{self, Settings};
use steady::{config, paths};

fn main() -> ExitCode {
    // Before anything can write a file: past `ulimit -f`, a write is an error, not death.
    steady::quiet::survive_file_limits();
    let cli = Cli::parse();
    let stdout = io::stdout();
    let style = Style::for_stream(&io::stderr());
    let mut out = stdout.lock();
    // steady's own stderr, which stays the person's while the sound edge hushes fd 2.
    let mut err = steady::quiet::Stderr;
    // Settings take effect in the player; a broken file is reported, never ignored silently.
    let settings = match paths::config_file().map(|p| (config::load(&p), p)) {
        Some((Err(e), path)) => {
            let _ = err.write_all(e.render(&path, style).as_bytes());
            let _ = writeln!(err, "steady carries on with the default settings.\n");
            config::Config::default()
        }
        Some((Ok(c), _)) => c,
        None => config::Config::default(),
    };
    let lib = Library::from_env();
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        style,
    };
    let result = match &cli.command {
        None => practice::pick(&mut io, &lib, Settings::new(&cli.play, &settings)),
        Some(Command::Run { exercise, play }) => practice::run(
            &mut io,
            &lib,
            exercise,
            Settings::new(&play.or(&cli.play), &settings),
        ),
        Some(Command::Stats) => commands::stats(&mut io, settings.show_counts != Some(false)),
        Some(Command::Forget { exercise, yes }) => {
            commands::forget(&mut io, exercise.as_deref(), *yes)
        }
        Some(Command::List { tag }) => {
            let counts = (settings.show_counts != Some(false))
                .then(|| steady::store::Store::from_env().and_then(|s| s.read().ok()))
                .flatten();
            commands::list(&mut io, &lib, tag.as_deref(), counts.as_ref())
        }
        Some(Command::Show { exercise, cues }) => commands::show(&mut io, &lib, exercise, *cues),
        Some(Command::Check { files }) => commands::check(&mut io, &lib, files),
        Some(Command::New { kind, name }) => commands::new(&mut io, *kind, name),
        Some(Command::Schema) => commands::schema(&mut io),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(*shell, &mut Cli::command(), "steady", io.out);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command())
                .render(io.out)
                .map(|()| ExitCode::SUCCESS)
        }
    };
    let result = result.and_then(|code| io.out.flush().map(|()| code));
    match result {
        Ok(code) => code,
        // A closed pipe (`steady list | head -1`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io.err, "error: {}", steady::text::escape(&e.to_string()));
            ExitCode::from(commands::BAD_INPUT)
        }
    }
}
