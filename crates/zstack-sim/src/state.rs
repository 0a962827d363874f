//! Everything the server keeps between requests.

use crate::clock::ts_now;
use crate::config::{Config, Runtime};
use crate::faults::Faults;
use crate::jobs::Jobs;
use crate::reqlog::RequestLog;
use crate::sessions::Sessions;
use crate::world::{seeded, World};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

pub type Shared = Arc<Sim>;

pub struct Sim {
    pub config: Config,
    pub runtime: Mutex<Runtime>,
    world: Mutex<World>,
    pub sessions: Mutex<Sessions>,
    pub jobs: Mutex<Jobs>,
    pub faults: Mutex<Faults>,
    pub log: Mutex<RequestLog>,
    /// Seeded (`--seed`) so jitter and injected failures replay.
    pub rng: Mutex<StdRng>,
    pub started: Instant,
}

/// Locks even after a panic elsewhere: the data is plain and stays usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sim {
    pub fn new(config: Config) -> Shared {
        let world = seeded(config.extra_vms, config.extra_isos);
        Arc::new(Sim {
            runtime: Mutex::new(Runtime::from_config(&config)),
            world: Mutex::new(world),
            sessions: Mutex::default(),
            jobs: Mutex::default(),
            faults: Mutex::default(),
            log: Mutex::default(),
            rng: Mutex::new(StdRng::seed_from_u64(config.seed)),
            started: Instant::now(),
            config,
        })
    }

    /// The world, with guest-tools installs that are due already finished.
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut w = lock(&self.world);
        w.tick(Instant::now(), &ts_now());
        w
    }

    pub fn runtime(&self) -> Runtime {
        lock(&self.runtime).clone()
    }

    pub fn session_valid(&self, uuid: &str) -> bool {
        lock(&self.sessions).is_valid(uuid)
    }

    /// `/_sim/reset`: the seeded world again, no jobs, and the seed's random sequence.
    pub fn reset(&self) {
        *lock(&self.world) = seeded(self.config.extra_vms, self.config.extra_isos);
        lock(&self.jobs).clear();
        *lock(&self.rng) = StdRng::seed_from_u64(self.config.seed);
    }

    pub fn uptime_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}
