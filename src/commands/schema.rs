//! The texts steady makes for other tools: the exercise format's JSON Schema, shell
//! completions and the manual page.

use std::io;
use std::process::ExitCode;

use super::{CommandError, Io};

/// `steady completions SHELL`. clap_complete panics when its writer fails (a full disk, a
/// closed pipe), so the script is made in memory and written here, where a failure is an
/// error like any other.
pub fn completions(io: &mut Io<'_>, shell: clap_complete::Shell) -> Result<ExitCode, CommandError> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut crate::cli::Cli::command(),
        "steady",
        &mut script,
    );
    io.out.write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// `steady man`: the manual page, made in memory like the completions, so a failed write
/// is one error, never half a page and a panic.
pub fn man(io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut page)?;
    io.out.write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

pub fn schema(io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let s = serde_json::to_string_pretty(&crate::exercise::schema::exercise_schema())
        .map_err(io::Error::other)?;
    writeln!(io.out, "{s}")?;
    Ok(ExitCode::SUCCESS)
}
