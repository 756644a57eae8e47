//! The release build with Trunk, proven not to download anything.
//!
//! Trunk is configured offline with pinned tools (Trunk.toml). To prove it,
//! the build runs in a fresh network namespace with no interfaces up
//! (`unshare --net`), after `cargo fetch` has put every crate in the local
//! cache. If the namespace cannot be made (not root, or no `unshare`), the
//! build runs normally and the report says the proof was skipped.

use std::path::PathBuf;

use crate::cmd::{self, command, output, run};
use crate::setup;

/// How the last release build ran.
pub enum Offline {
    /// Built with networking cut off.
    Proven,
    /// Built with networking available; the reason the check could not run.
    Skipped(String),
}

pub fn dist() -> PathBuf {
    cmd::root().join("dist")
}

/// Moves the loader Trunk writes inline in `index.html` into a file of its
/// own, named by its content, so the page runs under a Content-Security-Policy
/// with no inline script.
pub fn move_inline_loader(dist: &std::path::Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let open = "<script type=\"module\">";
    let Some(start) = html.find(open) else {
        return if html.contains("src=\"/boot-") {
            Ok(())
        } else {
            Err("dist/index.html has no loader script".to_string())
        };
    };
    let body_start = start + open.len();
    let end = html[body_start..]
        .find("</script>")
        .map(|e| body_start + e)
        .ok_or("the loader script is not closed")?;
    let script = &html[body_start..end];
    // FNV-1a: enough to give each build's loader its own name.
    let hash = script.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let name = format!("boot-{hash:016x}.js");
    std::fs::write(dist.join(&name), script.trim()).map_err(|e| format!("{name}: {e}"))?;
    let html = format!(
        "{}<script type=\"module\" src=\"/{name}\"></script>{}",
        &html[..start],
        &html[end + "</script>".len()..]
    );
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// Every file of `dist/` as its URL path, sorted.
fn dist_files(
    dir: &std::path::Path,
    root: &std::path::Path,
    out: &mut Vec<String>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            dist_files(&path, root, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(format!("/{}", rel.to_string_lossy()));
        }
    }
    out.sort();
    Ok(())
}

/// Writes `dist/sw.js` from `build/sw.js`: the build's files to precache,
/// and a version made from their names and contents, so any change to the
/// build is a new version of the worker.
pub fn write_service_worker(dist: &std::path::Path) -> Result<(), String> {
    let template = std::fs::read_to_string(cmd::root().join("build/sw.js"))
        .map_err(|e| format!("build/sw.js: {e}"))?;
    let mut files = Vec::new();
    dist_files(dist, dist, &mut files)?;
    files.retain(|f| f != "/sw.js");
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for f in &files {
        let bytes = std::fs::read(dist.join(&f[1..])).map_err(|e| format!("{f}: {e}"))?;
        for b in f.bytes().chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let list = std::iter::once("/".to_string())
        .chain(files)
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let sw = template
        .replace("__VERSION__", &format!("{hash:016x}"))
        .replace("__FILES__", &format!("[{list}]"));
    std::fs::write(dist.join("sw.js"), sw).map_err(|e| format!("dist/sw.js: {e}"))
}

/// Fetches crates, then builds `dist/` in release mode, offline if possible,
/// and finishes it: the loader in a file of its own (for the CSP), then the
/// service worker over the finished files.
pub fn release() -> Result<Offline, String> {
    let offline = trunk_release()?;
    move_inline_loader(&dist())?;
    write_service_worker(&dist())?;
    Ok(offline)
}

fn trunk_release() -> Result<Offline, String> {
    cmd::timed("cargo fetch (crates for the offline build)", || {
        // All platforms: trunk runs `cargo metadata`, which wants every crate.
        run(command("cargo").arg("fetch"))
    })?;
    let can_unshare = output(command("unshare").args(["--net", "true"])).is_some();
    if can_unshare {
        cmd::timed(
            "trunk build --release, networking cut off (unshare --net)",
            || {
                run(command("unshare")
                    .args(["--net", "--", "trunk", "build", "--release"])
                    .env("CARGO_NET_OFFLINE", "true"))
            },
        )?;
        Ok(Offline::Proven)
    } else {
        let reason = "cannot create a network namespace here (needs root and util-linux unshare)"
            .to_string();
        println!("[xtask] offline proof skipped: {reason}; building with networking available");
        cmd::timed("trunk build --release", || {
            run(command("trunk").args(["build", "--release"]))
        })?;
        Ok(Offline::Skipped(reason))
    }
}

/// `cargo xtask serve`: build, then serve `dist/` on loopback until stopped.
pub fn serve(port: u16) -> Result<(), String> {
    setup::run()?;
    release()?;
    let server = dojo_e2e::StaticServer::start(&dist(), port)
        .map_err(|e| format!("cannot serve on 127.0.0.1:{port}: {e} (try --port)"))?;
    println!(
        "\nCallback Dojo is running at {}/  (Ctrl-C to stop)",
        server.url()
    );
    server.wait();
    Ok(())
}
