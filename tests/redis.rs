//! Redis store tests (written next).
