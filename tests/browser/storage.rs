//! The storage module against the browser's real local storage.

use callback_dojo::core::study::StudyLog;
use callback_dojo::ui::storage::{self, StorageError, STUDY_BACKUP_KEY, STUDY_KEY};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::local_storage;

fn clear() {
    let s = local_storage();
    s.remove_item(STUDY_KEY).expect("remove");
    s.remove_item(STUDY_BACKUP_KEY).expect("remove");
}

#[wasm_bindgen_test]
fn study_log_round_trips_through_local_storage() {
    clear();
    assert_eq!(
        storage::load_study(),
        Ok(StudyLog::default()),
        "nothing saved is an empty log"
    );
    let mut log = StudyLog::default();
    log.mark_read("oomph");
    log.mark_read("ask-why-then");
    storage::save_study(&log).expect("save");
    assert_eq!(storage::load_study(), Ok(log));
    // The saved form is the versioned transfer type, not the domain type.
    let text = local_storage()
        .get_item(STUDY_KEY)
        .expect("get")
        .expect("saved");
    assert_eq!(text, r#"{"v":1,"read":["ask-why-then","oomph"]}"#);
    clear();
}

#[wasm_bindgen_test]
fn unreadable_data_is_kept_under_a_backup_key() {
    clear();
    local_storage().set_item(STUDY_KEY, "{broken").expect("set");
    assert_eq!(
        storage::load_study(),
        Err(StorageError::Unreadable {
            backup_key: STUDY_BACKUP_KEY
        })
    );
    assert_eq!(
        local_storage()
            .get_item(STUDY_BACKUP_KEY)
            .expect("get")
            .as_deref(),
        Some("{broken")
    );
    // The original stays in place until the next successful save.
    assert_eq!(
        local_storage().get_item(STUDY_KEY).expect("get").as_deref(),
        Some("{broken")
    );
    clear();
}

#[wasm_bindgen_test]
fn a_newer_version_is_recognised_and_kept() {
    clear();
    let newer = r#"{"v":7,"read":["oomph"],"extra":true}"#;
    local_storage().set_item(STUDY_KEY, newer).expect("set");
    assert_eq!(
        storage::load_study(),
        Err(StorageError::UnknownVersion {
            version: 7,
            backup_key: STUDY_BACKUP_KEY
        })
    );
    assert_eq!(
        local_storage()
            .get_item(STUDY_BACKUP_KEY)
            .expect("get")
            .as_deref(),
        Some(newer)
    );
    clear();
}
