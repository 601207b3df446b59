//! The command-line shell: parse arguments, call the library, map the
//! outcome to an exit code (0 ok, 1 failure, 2 bad usage, which clap sets).

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use yomon::ui::{Ui, Verbosity};

/// jemalloc instead of the system allocator: a build makes millions of
/// small allocations (words and terms) on several threads, and glibc's
/// per-thread arenas made a build a fifth slower at about the same peak
/// memory (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read once at its start (its `malloc_conf`, under
/// the prefix tikv-jemallocator builds it with; `_RJEM_MALLOC_CONF` in the
/// environment still overrides). One arena rather than four per core: the
/// build's threads then reuse each other's freed memory instead of each
/// keeping its own, which took peak memory at 1x from 52 to 46 MB (297 to
/// 274 MB at 10x) at no measurable cost in a build's time; every thread
/// keeps its own cache of small blocks, so they rarely meet on the arena's
/// lock. `serve` at 100x pays for it: a save after a quiet minute measured
/// about twice as slow as with eight arenas (BENCHMARKS.md, Serve).
///
/// `thp:always` (and `metadata_thp` for its own tables): jemalloc asks the
/// kernel for 2 MB pages (by madvise: nothing changes where THP is off).
/// It is for `serve`, whose heap lives between saves: on the virtual
/// machines we measure on, memory untouched for a few seconds costs
/// microseconds per 4 KB page on its next touch (`bench/cold-pages.py`), so
/// a save after a pause spent most of its time on the pages it walked
/// (`bench/serve.sh` at 10x: 216 -> 113 ms). A build of a large archive
/// keeps them too: its fresh heap (over 100 MB at 10x, even from the cache)
/// costs one fault per 2 MB instead of per 4 KB. The other commands, and a
/// build of an archive the real one's size, opt out at start
/// (`give_up_huge_pages_unless_wanted`): there they saved no time and
/// raised the peak (1x: 45 -> 49 MB).
#[export_name = "_rjem_malloc_conf"]
static MALLOC_CONF: MallocConf = MallocConf(c"narenas:1,thp:always,metadata_thp:always".as_ptr());

/// A C string pointer jemalloc reads, shareable as a static.
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);
// Safety: it points at a string literal that lives as long as the program
// and is never written.
unsafe impl Sync for MallocConf {}

#[derive(Parser)]
#[command(
    name = "yomon",
    version,
    about = "Static site generator for a Hebrew archive of daily ML paper reviews"
)]
struct Cli {
    /// Only print errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Project directory (holding yomon.toml, content/, templates/, static/).
    #[arg(short = 'C', long = "dir", global = true, default_value = ".")]
    dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse an archive export into one markdown page per review under content/.
    Ingest {
        /// The archive export (.txt). Optional with --explain, which then
        /// reads the review page itself.
        #[arg(required_unless_present = "explain")]
        archive: Option<PathBuf>,
        /// Content directory to write into.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Parse and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the parsed reviews as a JSON array on stdout.
        #[arg(long)]
        json: bool,
        /// Overwrite pages that were edited by hand.
        #[arg(long)]
        force: bool,
        /// Write nothing; print, for one review, each topic's score and the
        /// words that gave it: SLUG of the archive's review, or without
        /// ARCHIVE a page (SLUG under content/reviews/, or a FILE).
        #[arg(long, value_name = "SLUG|FILE")]
        explain: Option<String>,
        /// Write nothing; exit 1, naming each file, unless content/ is exactly
        /// what ingest would write (pages edited by hand or added by `new` excepted).
        #[arg(long, conflicts_with = "force")]
        check: bool,
        /// Keep the archive's text as it is: do not repair damaged words.
        #[arg(long)]
        no_repair: bool,
    },
    /// Build content/ into a static site.
    Build {
        /// Output directory.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build, serve on 127.0.0.1, rebuild and reload on change.
    Serve {
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Validate content and the built site's links without writing anything.
    Check,
    /// Start a new review page; prints its path.
    New {
        /// The English paper title (the slug is made from it).
        #[arg(long, value_parser = non_empty)]
        title: String,
        /// YYYY-MM-DD; today if omitted.
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
        /// Comma-separated topic slugs from content/tags.toml; suggested from the title if omitted.
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
    },
}

// Argument values are checked here, so a bad one is a usage error (exit 2).
fn date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|_| value.len() == 10)
        .ok_or_else(|| "expected an existing date as YYYY-MM-DD, like 2024-05-30".to_owned())
}

fn non_empty(value: &str) -> Result<String, String> {
    match value.trim() {
        "" => Err("must not be empty".to_owned()),
        trimmed => Ok(trimmed.to_owned()),
    }
}

/// Reviews above which `build` keeps huge pages (the real archive has 304).
const LARGE_ARCHIVE: usize = 1000;

/// Give up transparent huge pages (see `MALLOC_CONF`) before allocating
/// much, unless the command is `serve` or a `build` of a large archive.
/// PR_SET_THP_DISABLE holds for the whole process, whatever jemalloc asks
/// for.
fn give_up_huge_pages_unless_wanted(command: &Command, dir: &Path) {
    let keep = match command {
        Command::Serve { .. } => true,
        Command::Build { .. } => std::fs::read_dir(dir.join("content").join("reviews"))
            .is_ok_and(|files| files.take(LARGE_ARCHIVE + 1).count() > LARGE_ARCHIVE),
        _ => false,
    };
    #[cfg(target_os = "linux")]
    if !keep {
        // Safety: prctl with PR_SET_THP_DISABLE reads no memory of ours.
        // Failure (an old kernel) only leaves huge pages on.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    give_up_huge_pages_unless_wanted(&cli.command, &cli.dir);
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let ui = Ui::new(verbosity);
    // The default `.` becomes the empty path, so that every file named in a
    // message reads `content/reviews/x.md` rather than `./content/reviews/x.md`.
    let dir = if cli.dir == Path::new(".") {
        PathBuf::new()
    } else {
        cli.dir
    };
    let outcome = match cli.command {
        Command::Ingest {
            archive,
            content,
            dry_run,
            json,
            force,
            explain,
            check,
            no_repair,
        } => {
            let content = dir.join(content);
            match archive {
                // clap requires ARCHIVE unless --explain is given.
                None => yomon::ingest::tags::explain_page(
                    &dir,
                    &content,
                    explain.as_deref().unwrap_or_default(),
                    &ui,
                ),
                Some(archive) => yomon::ingest::run(
                    &yomon::ingest::Options {
                        archive,
                        content,
                        dry_run,
                        json,
                        force,
                        explain,
                        check,
                        repair: !no_repair,
                    },
                    &ui,
                ),
            }
        }
        Command::Build { out } => yomon::build::run(&dir, out.as_deref(), &ui),
        Command::Serve { port } => yomon::serve::run(&dir, port, &ui),
        Command::Check => yomon::check::run(&dir, &ui),
        Command::New { title, date, tags } => {
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            yomon::new::run(
                &dir,
                &yomon::new::Options {
                    title: &title,
                    date,
                    tags: &tags,
                },
                &ui,
            )
        }
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("{}", yomon::ui::error_text(&err));
            ExitCode::FAILURE
        }
    }
}
