//! Keeping other people's code off the terminal, and alive under resource limits.
//!
//! ALSA, its plugins and libpulse write to file descriptor 2 directly (and run helper
//! commands that inherit it), where no Rust API can catch them: over the full-screen
//! player, or into the stderr of someone running plain mode. So while the sound edge is
//! open, a [`Hush`] points fd 2 at `/dev/null`, and steady's own messages go through
//! [`Stderr`], a copy of the real stderr taken first. With the edge closed, fd 2 is the
//! real one again.
//!
//! Under `ulimit -f`, a write past the limit raises SIGXFSZ, whose default is to end
//! the process, raw mode and alternate screen and all; libpulse truncates a 64 MiB
//! file as it starts. With a handler installed the write fails with EFBIG instead: an
//! ordinary error. Everything here goes through safe wrappers (rustix, signal-hook), so
//! this module has no `unsafe`; on other systems it does nothing.

use std::io::{self, Write};

/// Makes a write past the file-size limit an error (EFBIG) rather than the end of
/// steady. A handler, not `SIG_IGN`, so that programs steady's libraries start get the
/// default back.
pub fn survive_file_limits() {
    #[cfg(unix)]
    {
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, seen);
    }
}

#[cfg(unix)]
mod fd {
    use std::io::{self, Write};
    use std::os::fd::{AsFd, OwnedFd};
    use std::sync::Mutex;

    /// The real stderr while fd 2 is hushed.
    static SAVED: Mutex<Option<OwnedFd>> = Mutex::new(None);

    pub fn hush() -> io::Result<()> {
        let mut saved = SAVED.lock().map_err(|_| io::Error::other("poisoned"))?;
        // Hushed already: the first Hush alone gives fd 2 back.
        if saved.is_some() {
            return Err(io::Error::other("fd 2 is hushed already"));
        }
        // Close-on-exec, so helpers the audio stack starts don't inherit the terminal.
        let real = io::stderr().as_fd().try_clone_to_owned()?;
        let null = std::fs::OpenOptions::new().write(true).open("/dev/null")?;
        let _ = io::stderr().flush();
        rustix::stdio::dup2_stderr(&null)?;
        *saved = Some(real);
        Ok(())
    }

    pub fn unhush() {
        if let Ok(mut saved) = SAVED.lock()
            && let Some(real) = saved.take()
        {
            let _ = rustix::stdio::dup2_stderr(&real);
        }
    }

    /// Writes to the real stderr, hushed or not.
    pub fn write(buf: &[u8]) -> io::Result<usize> {
        match SAVED.lock().as_deref() {
            Ok(Some(real)) => rustix::io::write(real, buf).map_err(io::Error::from),
            _ => io::stderr().write(buf),
        }
    }
}

/// While alive, fd 2 goes to `/dev/null`; dropping it puts the real stderr back. Only
/// the sound edge makes one, and only one exists at a time.
pub struct Hush(());

impl Hush {
    pub fn start() -> io::Result<Self> {
        #[cfg(unix)]
        fd::hush()?;
        Ok(Self(()))
    }
}

impl Drop for Hush {
    fn drop(&mut self) {
        #[cfg(unix)]
        fd::unhush();
    }
}

/// steady's own stderr: the real one even while fd 2 is hushed.
pub struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        #[cfg(unix)]
        return fd::write(buf);
        #[cfg(not(unix))]
        io::stderr().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
