//! The call simulator: a seeded session over the generative model.
//!
//! `model` holds the probabilities, `engine` the pure state machine (what is
//! offered, what each choice is worth, what can happen next), `session` plays
//! one call with a seeded generator and renders its transcript, `review`
//! explains it afterwards, `policy` holds the scripted players used to prove
//! that the scoring rewards the principles, and `explore` walks every path.

pub mod engine;
pub mod explore;
pub mod focus;
pub mod model;
pub mod policy;
pub mod review;
pub mod session;

pub use engine::{Choice, State};
pub use model::{Difficulty, Move, Outcome, Phase, Reaction, Role, Truth};
pub use session::{ChoiceError, Entry, Observation, Offered, Session, Settings, Speaker};
