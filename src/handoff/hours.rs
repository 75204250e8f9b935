//! Business hours: whether the team is open at a moment in its own time zone, and if not, when
//! it next opens, in the words a visitor would use ("tomorrow morning", "Monday morning").
//!
//! Key decision: hours are written as text a marketer can read (`"09:00"`, `["mon", "tue"]`) and
//! parsed here, so `helpfirst check` reports every bad entry at once and the widget simply makes
//! no claim about "now" for hours it cannot read.

use super::Hours;

/// A day of the week, Monday first as in ISO 8601.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

const DAYS: [Day; 7] = [
    Day::Mon,
    Day::Tue,
    Day::Wed,
    Day::Thu,
    Day::Fri,
    Day::Sat,
    Day::Sun,
];

impl Day {
    /// `mon`, `Monday` or `MON`; not `monkey`.
    pub fn parse(text: &str) -> Option<Day> {
        let lower = text.trim().to_ascii_lowercase();
        DAYS.into_iter().find(|day| {
            lower.eq_ignore_ascii_case(day.short()) || lower.eq_ignore_ascii_case(day.name())
        })
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The day `days` after this one.
    fn after(self, days: usize) -> Day {
        DAYS[(self.index() + days) % 7]
    }

    pub fn name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.index()]
    }

    fn short(self) -> &'static str {
        &self.name()[..3]
    }
}

/// A time of day, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Clock(u16);

impl Clock {
    /// `"09:00"` or `"9:00"`, 24-hour; `"24:00"` is the end of the day.
    pub fn parse(text: &str) -> Option<Clock> {
        let (hours, minutes) = text.trim().split_once(':')?;
        let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
        let valid = minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0));
        (valid && text.trim().len() <= 5).then_some(Clock(hours * 60 + minutes))
    }

    pub fn at(hours: u16, minutes: u16) -> Clock {
        Clock(hours * 60 + minutes)
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// "morning", "afternoon" or "evening": how people name a reply time without promising a minute.
    pub fn part_of_day(self) -> &'static str {
        match self.0 {
            0..720 => "morning",
            720..1020 => "afternoon",
            _ => "evening",
        }
    }
}

impl std::fmt::Display for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A moment in the team's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub day: Day,
    pub clock: Clock,
}

/// One day's opening, from `opens` until just before `closes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    day: Day,
    opens: Clock,
    closes: Clock,
}

/// The week's opening hours, parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schedule {
    /// Sorted by day, then opening time.
    windows: Vec<Window>,
}

/// What is wrong with entry `index` of the hours, and in which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursProblem {
    pub index: usize,
    pub field: &'static str,
    pub message: String,
}

/// Whether the team is open now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    Open,
    Closed {
        next: Opening,
    },
    /// No hours at all: nothing can be said about "now".
    NeverOpen,
}

/// When the team next opens, counted from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub day: Day,
    pub clock: Clock,
    /// 0 for later today, 1 for tomorrow, up to 7 for the same weekday next week.
    pub days_ahead: usize,
}

impl Opening {
    /// "later today, after 13:00", "tomorrow morning", "Monday morning", "next Tuesday morning".
    pub fn describe(&self) -> String {
        let part = self.clock.part_of_day();
        match self.days_ahead {
            0 => format!("later today, after {}", self.clock),
            1 => format!("tomorrow {part}"),
            7 => format!("next {} {part}", self.day.name()),
            _ => format!("{} {part}", self.day.name()),
        }
    }
}

impl Schedule {
    /// Parses every entry, reporting every problem rather than the first.
    pub fn parse(hours: &[Hours]) -> Result<Schedule, Vec<HoursProblem>> {
        let mut windows = Vec::new();
        let mut problems = Vec::new();
        for (index, entry) in hours.iter().enumerate() {
            let mut problem = |field, message: String| {
                problems.push(HoursProblem {
                    index,
                    field,
                    message,
                })
            };
            let opens = Clock::parse(&entry.opens);
            let closes = Clock::parse(&entry.closes);
            if opens.is_none() {
                problem(
                    "opens",
                    format!("`{}` is not a time such as \"09:00\"", entry.opens),
                );
            }
            if closes.is_none() {
                problem(
                    "closes",
                    format!("`{}` is not a time such as \"17:30\"", entry.closes),
                );
            }
            if let (Some(opens), Some(closes)) = (opens, closes) {
                if closes <= opens {
                    problem(
                        "closes",
                        format!("{closes} is not after the opening time {opens}"),
                    );
                }
            }
            if entry.days.is_empty() {
                problem("days", "lists no days".to_string());
            }
            for day in &entry.days {
                match (Day::parse(day), opens, closes) {
                    (None, ..) => problem(
                        "days",
                        format!("`{day}` is not a day of the week (use mon, tue, … sun)"),
                    ),
                    (Some(day), Some(opens), Some(closes)) if opens < closes => {
                        windows.push(Window { day, opens, closes })
                    }
                    _ => {}
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        windows.sort_by_key(|w| (w.day, w.opens));
        Ok(Schedule { windows })
    }

    pub fn availability(&self, now: LocalTime) -> Availability {
        let open = self
            .windows
            .iter()
            .any(|w| w.day == now.day && w.opens <= now.clock && now.clock < w.closes);
        if open {
            return Availability::Open;
        }
        // Later today first, then each following day; a full week later closes the loop.
        (0..=7)
            .flat_map(|ahead| {
                let day = now.day.after(ahead);
                self.windows
                    .iter()
                    .filter(move |w| w.day == day && (ahead > 0 || w.opens > now.clock))
                    .map(move |w| Opening {
                        day,
                        clock: w.opens,
                        days_ahead: ahead,
                    })
            })
            .next()
            .map_or(Availability::NeverOpen, |next| Availability::Closed {
                next,
            })
    }

    /// When a reply is due if it may take `minutes` of business time from `now`: the promise the
    /// widget makes ("usually replies within 4 business hours"), as a moment the person can act on.
    /// `None` when there are no hours to count in.
    pub fn reply_due(&self, now: LocalTime, minutes: u32) -> Option<Opening> {
        if self.windows.is_empty() {
            return None;
        }
        let mut left = minutes;
        // Every week has some open time, so the count ends; the bound only guards the arithmetic.
        for ahead in 0..=(7 * (minutes as usize / 60 + 2)) {
            let day = now.day.after(ahead);
            for w in self.windows.iter().filter(|w| w.day == day) {
                let start = if ahead == 0 {
                    w.opens.max(now.clock)
                } else {
                    w.opens
                };
                if start >= w.closes {
                    continue;
                }
                let open = u32::from(w.closes.0 - start.0);
                if left <= open {
                    return Some(Opening {
                        day,
                        clock: Clock(start.0 + left as u16),
                        days_ahead: ahead,
                    });
                }
                left -= open;
            }
        }
        None
    }

    /// "Mon–Fri 09:00–17:30, Sat 10:00–14:00": runs of days with the same hours are joined.
    pub fn describe(&self) -> String {
        self.describe_with(&crate::locale::English)
    }

    /// [`Schedule::describe`] with the day names and times of `formats`' language ("Mo.–Fr.
    /// 09:00–17:30", "lun.–ven. 09:00–17:30").
    pub fn describe_with(&self, formats: &dyn crate::locale::Formats) -> String {
        let mut runs: Vec<(Day, Day, Clock, Clock)> = Vec::new();
        for w in &self.windows {
            match runs.last_mut() {
                Some((_, last, opens, closes))
                    if last.after(1) == w.day
                        && w.day != Day::Mon
                        && (*opens, *closes) == (w.opens, w.closes) =>
                {
                    *last = w.day
                }
                _ => runs.push((w.day, w.day, w.opens, w.closes)),
            }
        }
        runs.iter()
            .map(|(first, last, opens, closes)| {
                let days = if first == last {
                    formats.weekday_short(*first)
                } else {
                    format!(
                        "{}–{}",
                        formats.weekday_short(*first),
                        formats.weekday_short(*last)
                    )
                };
                format!("{days} {}–{}", formats.time(*opens), formats.time(*closes))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}
