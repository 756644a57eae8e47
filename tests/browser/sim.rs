//! The simulator under WebAssembly: the same seed gives the same call, byte
//! for byte, as the native golden transcript.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::sim::policy::Policy;
use callback_dojo::core::sim::review::golden_text;
use callback_dojo::core::sim::Difficulty;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn golden_transcript_is_identical_in_the_browser() {
    let catalogue = Catalogue::shipped();
    let expected = include_str!("../native/golden/seed-1-normal.txt");
    assert_eq!(
        golden_text(catalogue, 1, Difficulty::Normal, Policy::Principled),
        expected
    );
    let expected = include_str!("../native/golden/seed-42-normal.txt");
    assert_eq!(
        golden_text(catalogue, 42, Difficulty::Normal, Policy::Random),
        expected
    );
}
