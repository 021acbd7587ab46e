//! Reading the journal's figures on a thread of their own, so no screen
//! waits for the journal however large it is: the screens show a quiet
//! placeholder until the figures arrive, and the loop is woken when they
//! do. The journal stays the only source: every reading is of the whole
//! file, asked again after a record is saved and on a new day; only the
//! latest reading asked for is kept. The first reading waits for the
//! first frame (a moment at most), so that reading a large journal on the
//! other core does not slow the program's own start.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;

use super::figures::Figures;
use crate::journal::{Journal, LoadError, Loaded};
use crate::program::schedule::Following;

/// How the journal is read: [`Journal::load`], unless told otherwise.
pub type ReadJournal = dyn Fn(&Journal) -> Result<Loaded, LoadError> + Send + Sync;

/// What wakes the loop when figures arrive.
type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

pub(super) struct Reader {
    /// None: no data folder, so no journal (nothing to read).
    journal: Option<Journal>,
    read: Arc<ReadJournal>,
    weekly_goal: u8,
    /// The program followed, if one is.
    following: Option<Arc<Following>>,
    /// The latest figures read; none before the first reading, nor once a
    /// record has been saved since.
    figures: Option<Figures>,
    /// The reading under way: its number and the day it is for.
    asked: Option<(u64, NaiveDate)>,
    readings: u64,
    sent: Sender<(u64, Figures)>,
    arrived: Receiver<(u64, Figures)>,
    wake: Wake,
    first_frame: Arc<FirstFrame>,
}

/// The longest the first reading waits for the first frame: a screen that
/// is never drawn (a test, a terminal that hangs) still gets its figures.
const FIRST_FRAME_WAIT: Duration = Duration::from_secs(1);

/// Whether the first frame is out.
#[derive(Default)]
struct FirstFrame {
    told: AtomicBool,
    shown: Mutex<bool>,
    out: Condvar,
}

impl FirstFrame {
    fn shown(&self) {
        if self.told.swap(true, Ordering::Relaxed) {
            return;
        }
        *self.shown.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.out.notify_all();
    }

    fn wait(&self) {
        let shown = self.shown.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = self
            .out
            .wait_timeout_while(shown, FIRST_FRAME_WAIT, |shown| !*shown);
    }
}

impl Reader {
    pub fn new(journal: Option<Journal>, weekly_goal: u8) -> Self {
        let (sent, arrived) = mpsc::channel();
        Self {
            journal,
            read: Arc::new(Journal::load),
            weekly_goal,
            following: None,
            figures: None,
            asked: None,
            readings: 0,
            sent,
            arrived,
            wake: Arc::default(),
            first_frame: Arc::default(),
        }
    }

    /// A frame has been drawn: a reading waiting for the first may begin.
    pub fn frame_shown(&self) {
        if !self.first_frame.told.load(Ordering::Relaxed) {
            self.first_frame.shown();
        }
    }

    /// Reads the journal with `read` from now on, and reads it again.
    pub fn read_with(&mut self, read: Arc<ReadJournal>) {
        self.read = read;
        self.outdated();
    }

    /// The figures say where the person is in `following` from now on.
    pub fn following(&mut self, following: Following) {
        self.following = Some(Arc::new(following));
        self.outdated();
    }

    /// Calls `wake` whenever figures arrive.
    pub fn wake_with(&self, wake: Box<dyn Fn() + Send>) {
        *self.wake.lock().unwrap_or_else(PoisonError::into_inner) = Some(wake);
    }

    /// The figures for `today`, once they are read.
    pub fn current(&self, today: NaiveDate) -> Option<&Figures> {
        self.figures.as_ref().filter(|f| f.today == today)
    }

    /// Takes the figures that have arrived, and asks for those of `today`
    /// unless they are here or on their way.
    pub fn keep_up(&mut self, today: NaiveDate) {
        while let Ok((reading, figures)) = self.arrived.try_recv() {
            if self.asked.is_some_and(|(asked, _)| asked == reading) {
                self.figures = Some(figures);
                self.asked = None;
            }
        }
        let on_the_way = self.asked.is_some_and(|(_, day)| day == today);
        if self.current(today).is_none() && !on_the_way {
            self.ask(today);
        }
    }

    /// A record was saved: the figures are read again before they show.
    pub fn outdated(&mut self) {
        self.figures = None;
        self.asked = None;
    }

    fn ask(&mut self, today: NaiveDate) {
        let Some(journal) = &self.journal else {
            let following = self.following.as_deref();
            self.figures = Some(Figures::of(None, today, self.weekly_goal, following));
            return;
        };
        self.readings += 1;
        self.asked = Some((self.readings, today));
        let reading = || {
            let (journal, read) = (journal.clone(), self.read.clone());
            let (sent, wake) = (self.sent.clone(), self.wake.clone());
            let (number, goal) = (self.readings, self.weekly_goal);
            let following = self.following.clone();
            let first_frame = self.first_frame.clone();
            move || {
                yield_to_the_screen();
                first_frame.wait();
                let figures = Figures::of(Some(read(&journal)), today, goal, following.as_deref());
                if sent.send((number, figures)).is_ok()
                    && let Some(wake) = &*wake.lock().unwrap_or_else(PoisonError::into_inner)
                {
                    wake();
                }
            }
        };
        let thread = thread::Builder::new().name("journal".into());
        if thread.spawn(reading()).is_err() {
            // No thread could be started (the system's limit): read here,
            // late rather than never, and waiting for no frame.
            self.first_frame.shown();
            reading()();
        }
    }
}

/// Lowers the calling thread's priority, so that reading a large journal
/// never slows the screen: on a busy machine, or one with a single core, the
/// first frame and every key are drawn before the figures are made.
fn yield_to_the_screen() {
    // SAFETY: on Linux a nice value is per thread, and `who` 0 names the
    // calling thread; a refusal leaves the priority as it was, which only
    // costs speed.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
