//! Files in and out of the browser: downloading a progress export or a
//! backup, and reading a file the trainee picked for import.

use wasm_bindgen::{JsCast, JsValue};

/// A `blob:` URL of a JSON text, kept as a JavaScript string throughout
/// (the crash screen's download must not copy the stored text into memory
/// that may have run out).
pub fn json_blob_url(text: &JsValue) -> Option<String> {
    blob_url(text, "application/json")
}

fn blob_url(text: &JsValue, mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Offers `text` as a download named `name` (a JSON file).
pub fn download(name: &str, text: &str) -> Result<(), String> {
    download_typed(name, text, "application/json")
}

/// Offers `text` as a download named `name` of type `mime`.
pub fn download_typed(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let url =
        blob_url(&JsValue::from_str(text), mime).ok_or("the browser would not create the file")?;
    let fail = |_| "the browser would not create the file".to_string();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlElement = document.create_element("a").map_err(fail)?.unchecked_into();
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    a.click();
    // The click has started the download; the URL is no longer needed.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The text of a picked file (an import, result codes), refused before reading when it is larger than
/// `limit` bytes (so a wrong pick cannot stall the page).
#[cfg(feature = "studio")]
pub async fn read_text(file: web_sys::File, limit: u64) -> Result<String, String> {
    let size = file.size() as u64;
    if size > limit {
        return Err(crate::core::saved::SavedError::TooLarge(size, limit).to_string());
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_string())
}
