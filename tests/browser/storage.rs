//! The storage module against the browser's real local storage: the study
//! log, and backups of data that cannot be read (several kept, never
//! overwritten, bounded, each until the user deals with it).

use callback_dojo::core::study::StudyLog;
use callback_dojo::ui::storage::{self, Kind, StorageError, BACKUP_PREFIX, MAX_BACKUPS, STUDY_KEY};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{local_storage, reset_storage};

#[wasm_bindgen_test]
fn study_log_round_trips_through_local_storage() {
    reset_storage();
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
    reset_storage();
}

#[wasm_bindgen_test]
fn unreadable_data_is_kept_under_a_backup_key_of_its_own() {
    reset_storage();
    local_storage().set_item(STUDY_KEY, "{broken").expect("set");
    let Err(StorageError::Unreadable { backup }) = storage::load_study() else {
        panic!("damaged data not reported");
    };
    assert!(
        backup.starts_with(&format!("{BACKUP_PREFIX}reading.")),
        "{backup}"
    );
    assert_eq!(storage::backup(&backup).as_deref(), Some("{broken"));
    // The original stays in place until the next successful save.
    assert_eq!(
        local_storage().get_item(STUDY_KEY).expect("get").as_deref(),
        Some("{broken")
    );
    // Loading the same damaged text again offers the same copy, not a new one.
    assert_eq!(
        storage::load_study(),
        Err(StorageError::Unreadable {
            backup: backup.clone()
        })
    );
    assert_eq!(storage::backups().len(), 1);
    let listed = &storage::backups()[0];
    assert_eq!((listed.kind, listed.chars), (Kind::Reading, 7));
    assert!(listed.at_ms.is_some_and(|t| t > 1_700_000_000_000));
    storage::remove_backup(&backup).expect("deleted by the user");
    assert!(storage::backups().is_empty());
    reset_storage();
}

#[wasm_bindgen_test]
fn a_newer_version_is_recognised_and_left_alone() {
    reset_storage();
    let newer = r#"{"v":7,"read":["oomph"],"extra":true}"#;
    local_storage().set_item(STUDY_KEY, newer).expect("set");
    assert_eq!(
        storage::load_study(),
        Err(StorageError::NewerVersion { version: 7 })
    );
    assert_eq!(
        local_storage().get_item(STUDY_KEY).expect("get").as_deref(),
        Some(newer)
    );
    reset_storage();
}

/// Issue 10, case 4: the second damage no longer destroys the first copy;
/// past the bound, nothing is overwritten and the text is handed over.
#[wasm_bindgen_test]
fn repeated_damage_keeps_every_copy_up_to_the_bound() {
    reset_storage();
    let mut kept = Vec::new();
    for i in 0..MAX_BACKUPS {
        let damaged = format!("{{broken {i}");
        local_storage().set_item(STUDY_KEY, &damaged).expect("set");
        let Err(StorageError::Unreadable { backup }) = storage::load_study() else {
            panic!("damage {i} not reported");
        };
        assert_eq!(storage::backup(&backup), Some(damaged));
        kept.push(backup);
    }
    kept.dedup();
    assert_eq!(kept.len(), MAX_BACKUPS, "every copy under its own key");
    for (i, key) in kept.iter().enumerate() {
        assert_eq!(storage::backup(key), Some(format!("{{broken {i}")));
    }
    // One more: no room for a copy, so the text itself is returned for an
    // immediate download and no earlier copy is touched.
    local_storage()
        .set_item(STUDY_KEY, "{broken again")
        .expect("set");
    assert_eq!(
        storage::load_study(),
        Err(StorageError::UnreadableNotKept {
            text: "{broken again".to_string()
        })
    );
    assert_eq!(storage::backups().len(), MAX_BACKUPS);
    reset_storage();
}
