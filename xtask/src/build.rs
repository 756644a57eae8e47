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

/// Fetches crates, then builds `dist/` in release mode, offline if possible.
pub fn release() -> Result<Offline, String> {
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
