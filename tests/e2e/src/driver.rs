//! chromedriver and headless Chromium sessions, driven by roles and names.
//!
//! Every wait here is on a condition (an element present, a script returning
//! true) with an upper bound, never a fixed sleep, so tests are as fast as the
//! app and fail with a message naming what never happened.

use std::error::Error;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

pub type BoxError = Box<dyn Error + Send + Sync>;

/// How long any single wait may take before the test fails.
const WAIT_LIMIT: Duration = Duration::from_secs(20);

/// A chromedriver process on a free loopback port; killed when dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    /// Starts `$CHROMEDRIVER` (or `chromedriver` on PATH) and waits until it
    /// accepts connections.
    pub fn start() -> Result<Chromedriver, BoxError> {
        let exe = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
        // Ask the OS for a free port, then hand it to chromedriver.
        let port = TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port();
        // Its own process group, so dropping it also ends the Chromium
        // processes it started, even when a test fails half-way.
        let child = Command::new(&exe)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start {exe}: {e} (cargo xtask test installs chromium-driver)")
            })?;
        let mut driver = Chromedriver { child, port };
        let deadline = Instant::now() + WAIT_LIMIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = driver.child.try_wait()? {
                return Err(format!("{exe} exited early with {status}").into());
            }
            if Instant::now() > deadline {
                return Err(
                    format!("{exe} did not listen on port {port} within {WAIT_LIMIT:?}").into(),
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Window size of a browser session, in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport {
            width: 1280,
            height: 900,
        }
    }
}

/// One headless Chromium session with a fresh, empty profile.
pub struct Browser {
    client: Client,
    base: String,
    profile: PathBuf,
}

static PROFILE_COUNTER: AtomicU32 = AtomicU32::new(0);

fn chromium_binary() -> String {
    std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

impl Browser {
    /// Opens a session against `base` (the static server's URL). A fresh
    /// `--user-data-dir` makes every session a cold start with empty storage.
    pub async fn open(
        driver: &Chromedriver,
        base: &str,
        viewport: Viewport,
    ) -> Result<Browser, BoxError> {
        Browser::open_with(driver, base, viewport, true).await
    }

    /// `open`, with the page's JavaScript switched off when `javascript` is
    /// false (to see what is really in the served HTML).
    pub async fn open_with(
        driver: &Chromedriver,
        base: &str,
        viewport: Viewport,
        javascript: bool,
    ) -> Result<Browser, BoxError> {
        let n = PROFILE_COUNTER.fetch_add(1, Ordering::SeqCst);
        let profile =
            std::env::temp_dir().join(format!("dojo-chromium-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&profile)?;
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--hide-scrollbars".to_string(),
            format!("--window-size={},{}", viewport.width, viewport.height),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut options = json!({ "binary": chromium_binary(), "args": args });
        if !javascript {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        // Headless windows do not go below 500 px wide; narrower viewports
        // are emulated, as a phone would report them.
        if viewport.width < 500 {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": viewport.width, "height": viewport.height, "pixelRatio": 1.0 }
            });
        }
        // Every console message and browser intervention (such as a
        // passive listener's ignored preventDefault) is kept in the
        // browser's own log, which `close` reads.
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": { "browser": "ALL" }
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!("a json! object literal is an object"),
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url())
            .await?;
        Ok(Browser {
            client,
            base: base.trim_end_matches('/').to_string(),
            profile,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Navigates to a path of the app, such as `/principles/oomph`.
    pub async fn goto(&self, path: &str) -> Result<(), BoxError> {
        self.client.goto(&format!("{}{}", self.base, path)).await?;
        Ok(())
    }

    pub async fn reload(&self) -> Result<(), BoxError> {
        self.client.refresh().await?;
        Ok(())
    }

    /// Waits until `script` (a JS expression) is truthy, then returns its value.
    pub async fn wait_js(&self, script: &str) -> Result<Value, BoxError> {
        let deadline = Instant::now() + WAIT_LIMIT;
        let body = format!("return ({script});");
        loop {
            let value = self.client.execute(&body, vec![]).await?;
            let truthy = !matches!(value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(
                    format!("waited {WAIT_LIMIT:?} for `{script}`; last value {value}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits for an element matching a CSS selector.
    pub async fn wait_css(&self, css: &str) -> Result<Element, BoxError> {
        let element = self
            .client
            .wait()
            .at_most(WAIT_LIMIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("no element matched {css:?}: {e}"))?;
        Ok(element)
    }

    /// Waits for the app to have rendered its screen, then returns the `<h1>`.
    /// The app marks `data-screen` on `<main>` once the screen is mounted.
    pub async fn heading(&self) -> Result<String, BoxError> {
        let h1 = self.wait_css("main[data-screen] h1").await?;
        Ok(h1.text().await?)
    }

    /// Waits until the page's single `<h1>` reads `expected`.
    pub async fn wait_heading(&self, expected: &str) -> Result<(), BoxError> {
        let script = format!(
            "(() => {{ const h = document.querySelectorAll('h1'); return h.length === 1 && h[0].textContent.trim() === {}; }})()",
            json!(expected)
        );
        self.wait_js(&script)
            .await
            .map_err(|e| format!("heading never became {expected:?}: {e}"))?;
        Ok(())
    }

    /// Clicks the link whose accessible text is `name`.
    pub async fn click_link(&self, name: &str) -> Result<(), BoxError> {
        let link = self
            .client
            .wait()
            .at_most(WAIT_LIMIT)
            .for_element(Locator::LinkText(name))
            .await
            .map_err(|e| format!("no link named {name:?}: {e}"))?;
        link.click().await?;
        Ok(())
    }

    /// Sends keystrokes to the focused element (they bubble to the window).
    pub async fn press(&self, keys: &str) -> Result<(), BoxError> {
        self.client.active_element().await?.send_keys(keys).await?;
        Ok(())
    }

    /// A reading made with the keyboard, as a rep makes it: the truth's key,
    /// Enter (the confidence is unset, so focus goes to the slider), the
    /// right arrow from where the slider rests (33 %, knowing nothing) up to
    /// `confidence`, and Enter to go on.
    pub async fn read_with_keys(&self, key: &str, confidence: u8) -> Result<(), BoxError> {
        self.press(key).await?;
        self.wait_css("button.truth.selected").await?;
        self.wait_css("label.confidence.unset").await?;
        self.press("\u{E007}").await?;
        self.wait_js("document.activeElement && document.activeElement.id === 'confidence'")
            .await?;
        if confidence <= 33 {
            // One step up and back: the slider is set only once moved.
            self.press("\u{E014}\u{E012}").await?;
        } else {
            self.press(&"\u{E014}".repeat(usize::from(confidence - 33)))
                .await?;
        }
        self.wait_js(&format!(
            "!document.querySelector('label.confidence.unset') && document.getElementById('confidence').value === '{confidence}'"
        ))
        .await?;
        self.press("\u{E007}").await?;
        Ok(())
    }

    /// Runs a script and returns its value.
    pub async fn eval(&self, script: &str) -> Result<Value, BoxError> {
        Ok(self
            .client
            .execute(&format!("return ({script});"), vec![])
            .await?)
    }

    /// Runs axe-core (injected from node_modules) on the page and returns the
    /// serious and critical violations, as "rule: help (n nodes)".
    pub async fn axe_serious(&self) -> Result<Vec<String>, BoxError> {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: {e} (cargo xtask setup installs axe-core)",
                path.display()
            )
        })?;
        self.client.execute(&source, vec![]).await?;
        let script = "const done = arguments[arguments.length - 1];\
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations\
              .filter(v => v.impact === 'serious' || v.impact === 'critical')\
              .map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes)')));";
        let found = self.client.execute_async(script, vec![]).await?;
        Ok(found
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Saves a PNG of the viewport.
    pub async fn screenshot(&self, path: &std::path::Path) -> Result<(), BoxError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, self.client.screenshot().await?)?;
        Ok(())
    }

    /// The browser's own log since the last call (chromedriver's `browser`
    /// log: console messages, uncaught errors, interventions, failed loads),
    /// as (level, message).
    pub async fn browser_log(&self) -> Result<Vec<(String, String)>, BoxError> {
        let value = self
            .client
            .issue_cmd(DriverCommand("se/log", r#"{"type":"browser"}"#.to_string()))
            .await?;
        Ok(value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_string(),
                            e["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Ends the session and removes its profile. Fails if the browser
    /// logged an error or a warning (other than `allowed`, which a test that
    /// provokes one on purpose names): the app's console must stay clean.
    pub async fn close_allowing(self, allowed: &[&str]) -> Result<(), BoxError> {
        let log = self.browser_log().await;
        let result = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
        result?;
        let bad: Vec<String> = log?
            .into_iter()
            .filter(|(level, _)| level == "SEVERE" || level == "WARNING")
            .filter(|(_, message)| !allowed.iter().any(|a| message.contains(a)))
            .map(|(level, message)| format!("{level}: {message}"))
            .collect();
        if bad.is_empty() {
            Ok(())
        } else {
            Err(format!("the browser logged:\n{}", bad.join("\n")).into())
        }
    }

    /// Runs a DevTools protocol command (such as network or CPU throttling)
    /// on the page's target.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, BoxError> {
        let body = json!({ "cmd": cmd, "params": params }).to_string();
        Ok(self
            .client
            .issue_cmd(DriverCommand("goog/cdp/execute", body))
            .await?)
    }

    /// Slows the page's network to a phone's: 1.6 Mbps down, 150 ms of
    /// latency (DevTools throttling, which a service worker's own fetches
    /// escape).
    pub async fn slow_network(&self) -> Result<(), BoxError> {
        self.cdp("Network.enable", json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": 150,
                "downloadThroughput": 200_000,
                "uploadThroughput": 93_750
            }),
        )
        .await?;
        Ok(())
    }

    /// `close_allowing` with nothing allowed.
    pub async fn close(self) -> Result<(), BoxError> {
        self.close_allowing(&[]).await
    }
}

/// One of chromedriver's own commands: `POST /session/{id}/{path}` with a
/// JSON body (`se/log` for the browser log, `goog/cdp/execute` for the
/// DevTools protocol).
#[derive(Debug)]
struct DriverCommand(&'static str, String);

impl fantoccini::wd::WebDriverCompatibleCommand for DriverCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.0
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.1.clone()))
    }
}
