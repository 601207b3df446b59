//! Prints the `tune` rows of `tests/fixtures/repair/damaged.tsv` that
//! repair misses or gets wrong, for tuning src/ingest/repair/:
//! `cargo run --release --example tune_misses`. With `--all`, every repair
//! ingest makes of the archive instead (line, word, repair, context), less
//! those of `held-out` rows, for diffing what a change to repair does.
//!
//! It reads only `tune` rows: the `held-out` rows are never printed, nor
//! which of them repair gets right (only the test's aggregate is seen).

use std::collections::BTreeMap;

fn main() -> anyhow::Result<()> {
    let archive = std::fs::read_to_string("archive/000_2c496801579d2a27.txt")?;
    let repaired = yomon::ingest::repair_archive("000_2c496801579d2a27.txt", &archive);
    let mut made: BTreeMap<(usize, String), String> = BTreeMap::new();
    for r in &repaired.repairs {
        made.entry((r.line, r.before.clone()))
            .or_insert_with(|| r.after.clone());
    }
    let fixture = std::fs::read_to_string("tests/fixtures/repair/damaged.tsv")?;
    if std::env::args().nth(1).as_deref() == Some("--all") {
        let held_out: std::collections::BTreeSet<(usize, &str)> = fixture
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|c| c.get(3) == Some(&"held-out"))
            .filter_map(|c| Some((c[0].parse().ok()?, c[1])))
            .collect();
        let lines: Vec<&str> = archive.split('\n').collect();
        for r in &repaired.repairs {
            if held_out.contains(&(r.line, r.before.as_str())) {
                continue;
            }
            let line: Vec<char> = lines[r.line - 1].chars().collect();
            let from = r.column.saturating_sub(40);
            let to = (r.column + 40).min(line.len());
            let around: String = line[from..to].iter().collect();
            println!("{}\t{}\t{}\t{around}", r.line, r.before, r.after);
        }
        return Ok(());
    }
    let (mut words, mut repaired_n, mut right) = (0, 0, 0);
    for row in fixture.lines().filter(|l| !l.starts_with('#')) {
        let cells: Vec<&str> = row.split('\t').collect();
        if cells.get(3) != Some(&"tune") {
            continue;
        }
        let (line, word, meant) = (cells[0].parse::<usize>()?, cells[1], cells[2]);
        words += 1;
        let after = made.get(&(line, word.to_string()));
        match after {
            Some(a) if a == meant => {
                repaired_n += 1;
                right += 1;
            }
            Some(a) => {
                repaired_n += 1;
                println!("WRONG\t{line}\t{word}\t{meant}\t{a}\t{}", cells[4]);
            }
            None => println!("MISSED\t{line}\t{word}\t{meant}\t-\t{}", cells[4]),
        }
    }
    eprintln!("tune: {words} words, {repaired_n} repaired, {right} right");
    Ok(())
}
