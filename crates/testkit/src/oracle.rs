//! Asking Prisma 7.10.1 itself, for re-recording the files that hold its output
//! (`EBB_RECORD_PRISMA=1`, see [`crate::check_prisma`]). Tests never depend on it otherwise.
//!
//! The oracle is `shared/prisma-oracle` (or `$EBB_PRISMA_ORACLE`): the real Prisma CLI, run
//! offline, for PostgreSQL and SQLite; its `setup.sh` must have run once.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The oracle's folder.
pub fn root() -> PathBuf {
    std::env::var_os("EBB_PRISMA_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::shared_root().join("prisma-oracle"))
}

/// Runs `prisma args` in `dir`; its standard output, or why it failed.
pub fn prisma(args: &[&str], dir: &Path) -> Result<String, String> {
    prisma_with(args, dir, &[])
}

/// [`prisma`] with the variables `vars` set (a project's database URL).
pub fn prisma_with(args: &[&str], dir: &Path, vars: &[(&str, &str)]) -> Result<String, String> {
    let program = root().join("prisma");
    let output = Command::new(&program)
        .args(args)
        .current_dir(dir)
        .envs(vars.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    if !output.status.success() {
        return Err(format!(
            "prisma {} exited with {}:\n{}{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("prisma {}: output is not UTF-8: {e}", args.join(" ")))
}

/// A scratch folder for one oracle run, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(crate::unique_name("ebb_oracle"));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Scratch(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Prisma's `migrate diff --script` from the schema text `from` (or from empty) to `to`.
pub fn diff_script(from: Option<&str>, to: &str) -> Result<String, String> {
    diff(from, to, true)
}

/// Prisma's human summary of the migration from `from` to `to` (`migrate diff` without
/// `--script`).
pub fn diff_summary(from: &str, to: &str) -> Result<String, String> {
    diff(Some(from), to, false)
}

/// `migrate diff`'s output without the two line breaks the CLI prints after it.
fn diff(from: Option<&str>, to: &str, script: bool) -> Result<String, String> {
    let scratch = Scratch::new();
    let to = scratch.write("to.prisma", to);
    let from = from.map(|text| scratch.write("from.prisma", text));
    let mut args = vec!["migrate", "diff"];
    match &from {
        Some(from) => args.extend(["--from-schema", from.as_str()]),
        None => args.push("--from-empty"),
    }
    args.extend(["--to-schema", to.as_str()]);
    if script {
        args.push("--script");
    }
    let output = prisma(&args, &scratch.0)?;
    Ok(output.strip_suffix("\n\n").map(str::to_owned).unwrap_or(output))
}

/// The schema text as `prisma format` writes it.
pub fn format(text: &str) -> Result<String, String> {
    let scratch = Scratch::new();
    let path = scratch.write("schema.prisma", text);
    prisma(&["format", "--schema", &path], &scratch.0)?;
    std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))
}
