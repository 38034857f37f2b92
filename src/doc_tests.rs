//! The Rust code blocks of README.md and docs/*.md, run as doctests: each file is the doc of a
//! hidden item that exists only when rustdoc collects doctests (`cargo test --doc`).
#![cfg(doctest)]

#[doc = include_str!("../README.md")]
pub struct ReadmeDoc;

#[doc = include_str!("../docs/rust.md")]
pub struct RustDoc;

#[doc = include_str!("../docs/vectors.md")]
pub struct VectorsDoc;

#[doc = include_str!("../docs/server.md")]
pub struct ServerDoc;

#[doc = include_str!("../docs/cards.md")]
pub struct CardsDoc;

#[doc = include_str!("../docs/coupons.md")]
pub struct CouponsDoc;

#[doc = include_str!("../docs/cli.md")]
pub struct CliDoc;

#[doc = include_str!("../docs/npm.md")]
pub struct NpmDoc;

#[doc = include_str!("../docs/performance.md")]
pub struct PerformanceDoc;

#[doc = include_str!("../docs/robustness.md")]
pub struct RobustnessDoc;

#[doc = include_str!("../docs/testing.md")]
pub struct TestingDoc;

#[cfg(feature = "serde")]
#[doc = include_str!("../docs/contract.md")]
pub struct ContractDoc;

#[cfg(all(feature = "events", feature = "serde"))]
#[doc = include_str!("../docs/events.md")]
pub struct EventsDoc;

#[doc = include_str!("../docs/platform.md")]
pub struct PlatformDoc;
