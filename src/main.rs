//! The `consentry` binary: parse arguments, run the library, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: normalization and the canonical frame allocate
/// many small strings from two threads, where glibc's malloc showed as a quarter of the profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// On SIGINT or SIGTERM: remove staged outputs and `serve`'s working directory, say so, exit 130 (the shell's code for an
/// interrupted command). Published outputs are never half-replaced (see `output::atomic`).
fn handle_interrupts() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            if consentry::output::atomic::remove_work_dirs() > 0 {
                eprintln!("consentry: stopped; every upload and result was removed");
            }
            let removed = consentry::output::atomic::remove_pending();
            eprintln!(
                "consentry: interrupted; {removed} unfinished output file(s) removed, earlier outputs left as they were"
            );
            std::process::exit(130);
        }
    });
}

/// Turns transparent huge pages off for this process. mimalloc asks for them, and it hands
/// memory freed by one part of a list back to the kernel soon after: each 2 MB page the next
/// part touches again was then faulted in and zeroed whole. With them on, zeroing pages took
/// 17% of a two-thread audit's CPU samples (perf); off, system time fell from about 4 s to
/// 1.4 s and the audit of 1M rows ran 22% faster at two threads and 13% at one (interleaved
/// runs, docs/performance.md). Linux only; elsewhere there is nothing to do.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // Best effort: a kernel without the switch just keeps its default.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v3; the Rust bindings name no
/// constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep the memory the program frees for its next allocations instead of
/// handing it back to the kernel a second later (its default delay in this version). Each
/// part of a list frees what the next part allocates again; handed back, every page was
/// faulted in and zeroed anew. At 10M rows keeping it saved 20 of the audit's 44 s of system
/// CPU and 14 s of its 82 s (two threads, outputs on tmpfs, docs/performance.md). Peak memory
/// rises by up to about a seventh.
fn keep_freed_memory() {
    // SAFETY: sets one integer option of the allocator; mimalloc reads its options at any
    // time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// A panic is a bug in consentry, never the user's doing: say so, remove staged outputs (as an
/// interrupt does) and exit with the documented code for a bug (3) instead of Rust's 101. The
/// panic's location is printed; its message is not, since it could quote a cell.
fn report_bugs() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        consentry::output::atomic::remove_work_dirs();
        let removed = consentry::output::atomic::remove_pending();
        eprintln!(
            "error: internal error{at}; {removed} unfinished output file(s) removed\n  help: this is a bug in consentry; please report it with the command you ran (set RUST_BACKTRACE=1 for details; no data is needed)"
        );
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
        std::process::exit(consentry::error::exit::INTERNAL);
    }));
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    keep_freed_memory();
    handle_interrupts();
    report_bugs();
    let args: Vec<String> = std::env::args().collect();
    let lang = consentry::l10n::requested(&args, |name| std::env::var(name).ok());
    consentry::l10n::set_interface(lang);
    let cli = match consentry::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            if lang == consentry::l10n::Lang::Ar {
                if let Some(text) = invalid_value_in_arabic(&error) {
                    eprintln!("{text}");
                    return ExitCode::from(consentry::error::exit::USAGE_OR_INPUT as u8);
                }
            }
            // clap prints help and version to stdout with success; real misuse is exit 2.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(consentry::error::exit::USAGE_OR_INPUT as u8)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match consentry::run(&cli, &mut out) {
        Ok(consentry::Outcome::Passed) => ExitCode::SUCCESS,
        Ok(consentry::Outcome::GateFailed) => {
            ExitCode::from(consentry::error::exit::GATE_FAILED as u8)
        }
        Err(error) => {
            let lang = consentry::l10n::interface();
            eprintln!(
                "{}: {}",
                consentry::l10n::text(lang, "error-label"),
                error.render(lang)
            );
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

/// A flag's value refused by its parser (an unknown channel, a bad date), framed in Arabic
/// around the parser's own Arabic message; other command-line errors stay clap's.
fn invalid_value_in_arabic(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::ValueValidation {
        return None;
    }
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        _ => None,
    };
    let (option, value) = (
        context(ContextKind::InvalidArg)?,
        context(ContextKind::InvalidValue)?,
    );
    let reason = std::error::Error::source(error)
        .map(|e| e.to_string())
        .unwrap_or_default();
    let lang = consentry::l10n::Lang::Ar;
    Some(format!(
        "{}: {}: {reason}",
        consentry::l10n::text(lang, "error-label"),
        consentry::l10n::format(
            lang,
            "error-invalid-value",
            // Fluent isolates each placeable in Arabic.
            &[("value", value), ("option", option)]
        )
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number is mimalloc's purge delay: its default in this version is 1000 ms
    /// (`options.c`; no other option near it defaults to 1000), and keeping freed memory sets
    /// it to -1.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads one integer option of the allocator.
        let read = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(read(), 1000);
        }
        keep_freed_memory();
        assert_eq!(read(), -1);
    }
}
