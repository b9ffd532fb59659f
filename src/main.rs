//! Wiring only: parse arguments, read the config, run a command, map its result to an
//! exit code (0 done, 1 bad input, 2 usage).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use steady::cli::{Cli, Command};
use steady::commands::{self, Io};
use steady::exercise::diagnostic::Style;
use steady::exercise::library::Library;
use steady::{config, paths};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let style = Style::for_stream(&stderr);
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    // Settings take effect in the player; a broken file is reported, never ignored silently.
    if let Some(path) = paths::config_file()
        && let Err(e) = config::load(&path)
    {
        let _ = err.write_all(e.render(&path, style).as_bytes());
        let _ = writeln!(err, "steady carries on with the default settings.\n");
    }
    let lib = Library::from_env();
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        style,
    };
    let result = match &cli.command {
        Command::List { tag } => commands::list(&mut io, &lib, tag.as_deref()),
        Command::Show { exercise, cues } => commands::show(&mut io, &lib, exercise, *cues),
        Command::Check { files } => commands::check(&mut io, &lib, files),
        Command::New { kind, name } => commands::new(&mut io, *kind, name),
        Command::Schema => commands::schema(&mut io),
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
