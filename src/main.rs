//! Entry point: mounts the Yew app in the browser build.

fn main() {
    #[cfg(target_arch = "wasm32")]
    callback_dojo::ui::start();

    // A native build of the binary exists only because `cargo test` builds
    // every target; say where the app really runs.
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("Callback Dojo runs in the browser: use `cargo xtask serve`.");
}
