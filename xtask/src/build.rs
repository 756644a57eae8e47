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

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a from `hash` over `bytes`: enough to name a build's files and
/// versions by their content (not a security hash).
fn fnv1a(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(hash, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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
    let hash = fnv1a(FNV_START, script.bytes());
    let name = format!("boot-{hash:016x}.js");
    std::fs::write(dist.join(&name), script.trim()).map_err(|e| format!("{name}: {e}"))?;
    let html = format!(
        "{}<script type=\"module\" src=\"/{name}\"></script>{}",
        &html[..start],
        &html[end + "</script>".len()..]
    );
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// A bundle built besides the start bundle (`index.html`): the page it is
/// built from (made from `index.html` with `cargo` in place of its
/// `data-cargo-no-default-features`), and the addresses it serves, each
/// given its own page so any static host serves it.
pub struct Bundle {
    pub name: &'static str,
    cargo: &'static str,
    pub routes: &'static [&'static str],
}

/// The bundles after the start (`Route::bundle` in the app): a call and
/// its review; then progress, drills and academy (default features).
pub const BUNDLES: [Bundle; 2] = [
    Bundle {
        name: "practice",
        cargo: " data-cargo-no-default-features data-cargo-features=\"practice\"",
        routes: &["practice", "review"],
    },
    Bundle {
        name: "studio",
        cargo: "",
        routes: &[
            "progress",
            "drills",
            "drills/cues",
            "academy",
            "academy/board",
            "class",
        ],
    },
];

impl Bundle {
    /// Where it is built before its files join `dist/`.
    fn dist(&self) -> PathBuf {
        cmd::root().join(format!("target/dist-{}", self.name))
    }

    /// Builds the bundle and copies its script, WebAssembly and loader into
    /// `dist/`; its page is made from `index.html` for the build and
    /// removed after it.
    fn build(&self) -> Result<(), String> {
        let root = cmd::root();
        let index = std::fs::read_to_string(root.join("index.html"))
            .map_err(|e| format!("index.html: {e}"))?;
        let marker = " data-cargo-no-default-features";
        if !index.contains(marker) {
            return Err(format!(
                "index.html: the start bundle must build with `{marker}`"
            ));
        }
        let file = format!("{}.html", self.name);
        let page = root.join(&file);
        std::fs::write(&page, index.replace(marker, self.cargo))
            .map_err(|e| format!("{file}: {e}"))?;
        let out = self.dist();
        let built = trunk_release(
            &format!("the {} bundle, {file}", self.name),
            &[&file, "--dist", &out.to_string_lossy()],
        );
        let _ = std::fs::remove_file(&page);
        built?;
        move_inline_loader(&out)?;
        for name in bundle_files(&read(&out.join("index.html"))?) {
            std::fs::copy(out.join(&name[1..]), dist().join(&name[1..]))
                .map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(())
    }

    /// Its pages: the shell (the frame drawn, the screen left to the app)
    /// with the start bundle's files swapped for this one's, at
    /// `<name>.html` and at every address it serves.
    fn write_pages(&self, dist: &std::path::Path) -> Result<(), String> {
        let shell = read(&dist.join("shell.html"))?;
        // The start bundle's files as the shell names them (its preloads
        // too: the pages that show their screen have none).
        let main = bundle_files(&shell);
        let own = bundle_files(&read(&self.dist().join("index.html"))?);
        let kind = |n: &String| {
            if n.starts_with("/boot-") {
                0
            } else if n.ends_with("_bg.wasm") {
                1
            } else {
                2
            }
        };
        let mut page = shell;
        for m in &main {
            let s = own
                .iter()
                .find(|s| kind(s) == kind(m))
                .ok_or_else(|| format!("the {} bundle has no file like {m}", self.name))?;
            page = page.replace(m.as_str(), s);
        }
        let file = format!("{}.html", self.name);
        std::fs::write(dist.join(&file), &page).map_err(|e| format!("{file}: {e}"))?;
        for route in self.routes {
            let dir = dist.join(route);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            std::fs::write(dir.join("index.html"), &page)
                .map_err(|e| format!("{route}/index.html: {e}"))?;
        }
        Ok(())
    }
}

fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The bundle a page loads: its loader, script and WebAssembly, as paths.
pub fn bundle_files(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (prefix, suffixes) in [
        ("/boot-", &[".js"][..]),
        ("/callback-dojo-", &["_bg.wasm", ".js"][..]),
    ] {
        let mut rest = html;
        while let Some(at) = rest.find(prefix) {
            let tail = &rest[at..];
            let end = tail
                .find(|c: char| c == '"' || c == '\'' || c.is_whitespace())
                .unwrap_or(tail.len());
            let name = &tail[..end];
            if suffixes.iter().any(|s| name.ends_with(s)) && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
            rest = &tail[end.max(1)..];
        }
    }
    out
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
/// each with the SHA-256 of its bytes (the worker keeps a file only if it
/// matches, so a deploy during its install cannot put another version's
/// file in its cache), and a version made from their names and contents, so
/// any change to the build is a new version of the worker.
pub fn write_service_worker(dist: &std::path::Path) -> Result<(), String> {
    use sha2::{Digest, Sha256};
    let template = std::fs::read_to_string(cmd::root().join("build/sw.js"))
        .map_err(|e| format!("build/sw.js: {e}"))?;
    let mut files = Vec::new();
    dist_files(dist, dist, &mut files)?;
    files.retain(|f| f != "/sw.js");
    let mut hash = FNV_START;
    let mut digests = std::collections::HashMap::new();
    for f in &files {
        let bytes = std::fs::read(dist.join(&f[1..])).map_err(|e| format!("{f}: {e}"))?;
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        digests.insert(f.clone(), digest);
        hash = fnv1a(hash, f.bytes().chain(bytes));
    }
    // "/" is what a host serves for the root: the home page.
    if let Some(home) = digests.get("/index.html").cloned() {
        digests.insert("/".to_string(), home);
    }
    // The studio bundle is fetched last, so a first visit's precaching
    // leaves the network to the pages and the call's bundle first (the
    // trainee's likely next step is a call).
    let studio = std::fs::read_to_string(dist.join("studio.html"))
        .map(|html| bundle_files(&html))
        .unwrap_or_default();
    let (later, first): (Vec<String>, Vec<String>) = std::iter::once("/".to_string())
        .chain(files)
        .partition(|f| studio.contains(f));
    let list = |files: Vec<String>| {
        let pairs: Vec<String> = files
            .iter()
            .map(|f| format!("[\"{f}\", \"{}\"]", digests[f]))
            .collect();
        format!("[{}]", pairs.join(", "))
    };
    let sw = template
        .replace("__VERSION__", &format!("{hash:016x}"))
        .replace("__FILES__", &list(first))
        .replace("__LATER__", &list(later));
    std::fs::write(dist.join("sw.js"), sw).map_err(|e| format!("dist/sw.js: {e}"))
}

/// Fetches crates, then builds `dist/` in release mode, offline if possible,
/// and finishes it: the loader in a file of its own (for the CSP), then the
/// service worker over the finished files.
pub fn release() -> Result<Offline, String> {
    let offline = trunk_release("the start bundle, index.html", &[])?;
    move_inline_loader(&dist())?;
    for bundle in &BUNDLES {
        bundle.build()?;
    }
    cmd::timed(
        "prerender the routes that need no saved data (Yew's server renderer)",
        || prerender(&dist()),
    )?;
    for bundle in &BUNDLES {
        bundle.write_pages(&dist())?;
    }
    allow_lrs_origins(
        &dist(),
        &std::env::var("DOJO_LRS_ORIGINS").unwrap_or_default(),
    )?;
    write_service_worker(&dist())?;
    Ok(offline)
}

/// The page's Content-Security-Policy lets the app connect to its own
/// origin only. An academy that sends statements to its learning record
/// store names the store's origin when it builds the app
/// (`DOJO_LRS_ORIGINS="https://lrs.example.org"`, several separated by
/// spaces), and this adds them to `connect-src` in every built page. The
/// end-to-end test does the same on a copy of the build for Ralph's port.
pub fn allow_lrs_origins(dist: &std::path::Path, origins: &str) -> Result<(), String> {
    let origins: Vec<&str> = origins.split_whitespace().collect();
    if origins.is_empty() {
        return Ok(());
    }
    for origin in &origins {
        let ok = (origin.starts_with("https://") || origin.starts_with("http://"))
            && !origin.contains(['\'', '"', ';', '<', '>']);
        if !ok {
            return Err(format!(
                "DOJO_LRS_ORIGINS: {origin:?} is not an origin (https://host[:port])"
            ));
        }
    }
    let with = format!("connect-src 'self' {}", origins.join(" "));
    let mut stack = vec![dist.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                if text.contains("connect-src 'self';") {
                    std::fs::write(
                        &path,
                        text.replace("connect-src 'self';", &format!("{with};")),
                    )
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                }
            }
        }
    }
    Ok(())
}

/// Writes the first view of every route that needs no saved data into the
/// built pages, so a browser paints it before the WebAssembly has arrived.
/// Each view is rendered natively by Yew's server renderer from the app's
/// own components (`ui::prerender`), as a first visit sees it, so the app's
/// first render is the same markup and takes its place without a shift
/// (`ui::start`). `shell.html` is the page for the other routes (a call,
/// progress): the frame, with the loading screen until the app starts.
pub fn prerender(dist: &std::path::Path) -> Result<(), String> {
    let template = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("dist/index.html: {e}"))?;
    if !template.contains(EMPTY_APP) {
        return Err(format!("dist/index.html has no `{EMPTY_APP}` to fill"));
    }
    let (start, end) = match (template.find("<title>"), template.find("</title>")) {
        (Some(start), Some(end)) if start < end => (start, end + "</title>".len()),
        _ => return Err("dist/index.html has no <title> to set".to_string()),
    };
    let pages =
        callback_dojo::ui::prerender::pages(callback_dojo::core::catalogue::Catalogue::shipped())?;
    for page in &pages {
        let html = format!(
            "{}<title>{}</title>{}",
            &template[..start],
            escape(&page.title),
            &template[end..]
        )
        .replace(
            EMPTY_APP,
            &format!(
                "<div id=\"app\" data-view=\"{}\">{}</div>",
                escape(&page.view).replace('"', "&quot;"),
                page.app
            ),
        );
        // A page that shows its screen as served needs nothing else to
        // paint: its bundle is fetched once the page runs, after the first
        // paint, instead of preloaded while the page's own HTML and CSS
        // are still arriving. Pages that fill in later (the shell) keep
        // the preloads.
        let html = if page.view == "shell" {
            html
        } else {
            without_preloads(&html)
        };
        let path = dist.join(&page.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "[xtask] prerendered {} pages (Yew's server renderer)",
        pages.len()
    );
    Ok(())
}

/// The page without the `modulepreload` and `preload` links Trunk writes
/// for the bundle's script and WebAssembly.
fn without_preloads(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<link rel=\"") {
        let tail = &rest[at..];
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let link = &tail[..end];
        out.push_str(&rest[..at]);
        if !(link.starts_with("<link rel=\"modulepreload\"")
            || link.starts_with("<link rel=\"preload\""))
        {
            out.push_str(link);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A title as text inside `<title>`.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The empty mount point in index.html that prerendering fills.
const EMPTY_APP: &str = "<div id=\"app\"></div>";

/// `trunk build --release` with `args` (the page to build, where to), in a
/// network namespace with no interfaces when one can be made.
fn trunk_release(what: &str, args: &[&str]) -> Result<Offline, String> {
    cmd::timed("cargo fetch (crates for the offline build)", || {
        // All platforms: trunk runs `cargo metadata`, which wants every crate.
        run(command("cargo").arg("fetch"))
    })?;
    let can_unshare = output(command("unshare").args(["--net", "true"])).is_some();
    let mut trunk_args = vec!["build"];
    trunk_args.extend_from_slice(args);
    trunk_args.push("--release=true");
    if can_unshare {
        cmd::timed(
            &format!("trunk build --release ({what}), networking cut off (unshare --net)"),
            || {
                run(command("unshare")
                    .args(["--net", "--", "trunk"])
                    .args(&trunk_args)
                    .env("CARGO_NET_OFFLINE", "true"))
            },
        )?;
        Ok(Offline::Proven)
    } else {
        let reason = "cannot create a network namespace here (needs root and util-linux unshare)"
            .to_string();
        println!("[xtask] offline proof skipped: {reason}; building with networking available");
        cmd::timed(&format!("trunk build --release ({what})"), || {
            run(command("trunk").args(&trunk_args))
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

#[cfg(test)]
mod tests {
    use super::{without_preloads, BUNDLES};
    use callback_dojo::ui::router::Bundle;
    use callback_dojo::ui::Route;

    /// The pages written for a bundle are at the addresses the app itself
    /// hands to that bundle (`Route::bundle`), and its `?at=` page is the
    /// one the app falls back to.
    #[test]
    fn each_bundle_serves_the_routes_the_app_gives_it() {
        for bundle in &BUNDLES {
            let app = match bundle.name {
                "practice" => Bundle::Practice,
                "studio" => Bundle::Studio,
                other => panic!("a bundle the app does not know: {other}"),
            };
            assert_eq!(app.page(), format!("/{}.html", bundle.name));
            for route in bundle.routes {
                // A call or review address as a link gives it.
                let address = format!("/{route}?seed=1&level=normal&choices=0");
                assert_eq!(Route::parse(&address).bundle(), app, "{address}");
            }
        }
    }

    #[test]
    fn preloads_go_and_other_links_stay() {
        let page = r#"<head><link rel="stylesheet" href="/a.css"/><link rel="modulepreload" href="/x.js" crossorigin="anonymous"><link rel="preload" href="/x_bg.wasm" as="fetch" type="application/wasm"><link rel="icon" href="/i.svg"></head>"#;
        assert_eq!(
            without_preloads(page),
            r#"<head><link rel="stylesheet" href="/a.css"/><link rel="icon" href="/i.svg"></head>"#
        );
    }
}
