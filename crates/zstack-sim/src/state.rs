//! Everything the server keeps between requests.

use crate::clock::ts_now;
use crate::config::{Config, Runtime};
use crate::faults::Faults;
use crate::jobs::Jobs;
use crate::reply::errors;
use crate::reqlog::RequestLog;
use crate::sessions::Sessions;
use crate::world::{seeded, Size, World};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use zstack_api::ErrorCode;

pub type Shared = Arc<Sim>;

fn size(c: &Config) -> Size {
    Size {
        extra_vms: c.extra_vms,
        extra_isos: c.extra_isos,
        vms: c.vms,
    }
}

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
        let world = seeded(size(&config));
        Arc::new(Sim {
            runtime: Mutex::new(config.runtime.clone()),
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

    /// The world for a job of `generation`, unless a reset has replaced it
    /// since the job started. The check holds the world's lock, so a reset
    /// cannot slip in between it and the job's change.
    pub fn job_world(&self, generation: u64) -> Result<MutexGuard<'_, World>, ErrorCode> {
        let world = self.world();
        if lock(&self.jobs).generation() != generation {
            return Err(errors::operation("the job was cancelled by /_sim/reset"));
        }
        Ok(world)
    }

    /// `/_sim/reset`: the seeded world again, no jobs (running ones
    /// cancelled), and the seed's random sequence. The world stays locked
    /// throughout, in the same order as [`Sim::job_world`] takes the locks.
    pub fn reset(&self) {
        let mut world = lock(&self.world);
        lock(&self.jobs).clear();
        *world = seeded(size(&self.config));
        drop(world);
        *lock(&self.rng) = StdRng::seed_from_u64(self.config.seed);
    }

    pub fn uptime_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}
