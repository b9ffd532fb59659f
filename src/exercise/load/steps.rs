//! Reading the steps: the list, repeats and their rounds, each kind's fields and the
//! warnings about breath, looks and holds, the limits' tally, and a step's sound.

use super::*;

/// A prompt's words for each round, each with where it is written.
type RoundTexts = Vec<(String, Range<usize>)>;

/// A repeat as read: its rounds, whether they are fixed, and one round's steps, each with
/// whether it gives `max_look`.
pub(super) struct Repeat {
    times: u32,
    fixed: bool,
    steps: Vec<(Step, bool)>,
}

impl Checker<'_> {
    pub(super) fn steps(
        &mut self,
        doc: &DeTable<'_>,
        doc_span: Range<usize>,
    ) -> Option<(Vec<Step>, Vec<Block>)> {
        let Some(v) = doc.get("step") else {
            self.error("an exercise needs at least one `[[step]]`", doc_span.end..doc_span.end)
                .set_help("add a step, for example:\n\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 8");
            return None;
        };
        let items = match v.get_ref() {
            DeValue::Array(items) => items,
            DeValue::Table(_) => {
                self.error(
                    "`step` must be written `[[step]]`, with two brackets",
                    v.span(),
                )
                .set_help(
                    "each step is one `[[step]]` table; the double brackets make a list of them",
                );
                return None;
            }
            _ => {
                self.type_error("step", "a list of `[[step]]` tables", v);
                return None;
            }
        };
        if items.is_empty() {
            self.error("an exercise needs at least one step", v.span());
            return None;
        }
        if items.len() > MAX_STEPS {
            self.error(
                format!(
                    "this exercise has {} steps; the limit is {MAX_STEPS}",
                    items.len()
                ),
                items[MAX_STEPS].span(),
            );
            return None;
        }
        let mut steps = Vec::with_capacity(items.len());
        // Where each step (each round's, for a repeat) is written, for warnings across
        // steps.
        let mut spans = Vec::with_capacity(items.len());
        let mut blocks = Vec::with_capacity(items.len());
        let mut tally = Tally::default();
        let mut ok = true;
        for item in items {
            let DeValue::Table(table) = item.get_ref() else {
                self.type_error("each step", "a `[[step]]` table", item);
                ok = false;
                continue;
            };
            if table.get("kind").and_then(|k| k.get_ref().as_str()) == Some("repeat") {
                let Some(Repeat {
                    times,
                    fixed,
                    steps: inner,
                }) = self.repeat(table, item.span())
                else {
                    ok = false;
                    continue;
                };
                blocks.push(Block::Repeat {
                    times,
                    steps: inner.iter().map(|(s, _)| s.clone()).collect(),
                    fixed,
                });
                // Expanded here, once: every reader sees the rounds as plain steps,
                // and the limits hold for what will really play.
                for round in 1..=times {
                    for (step, max_look_given) in &inner {
                        let filled = fill_round(step, round, times);
                        if steps.len() >= MAX_STEPS {
                            self.error(
                                format!("with its repeats this exercise has more than {MAX_STEPS} steps, the limit"),
                                item.span(),
                            )
                            .set_help("use fewer rounds or fewer steps in a round");
                            return None;
                        }
                        self.tally(&mut tally, &filled, *max_look_given, item.span());
                        steps.push(filled);
                        spans.push(item.span());
                    }
                }
                continue;
            }
            match self.step(table, item.span()) {
                Some(step) => {
                    let max_look_given = table.contains_key("max_look");
                    self.tally(&mut tally, &step, max_look_given, item.span());
                    blocks.push(Block::Step(Box::new(step.clone())));
                    steps.push(step);
                    spans.push(item.span());
                }
                None => ok = false,
            }
        }
        self.fast_then_hold(&steps, &spans);
        (ok && !tally.over).then_some((steps, blocks))
    }

    /// `fast-then-hold`, once at each step (or repeat) that holds the breath after fast
    /// breathing.
    fn fast_then_hold(&mut self, steps: &[Step], spans: &[Range<usize>]) {
        let mut warned: Vec<&Range<usize>> = Vec::new();
        for i in holds_after_fast(steps) {
            let Some(span) = spans.get(i) else { continue };
            if warned.contains(&span) {
                continue;
            }
            warned.push(span);
            self.warn(
                Warning::FastThenHold,
                "a breath hold straight after fast breathing",
                span.clone(),
            )
            .set_help("breathing fast and then holding the breath can make a person faint without warning, in water or standing most dangerously; put calm, ordinary breathing between them, or leave the hold out (this warning can't be allowed)");
        }
    }

    /// A `kind = "repeat"` step: its `times`, whether it is `fixed`, and the steps of one
    /// round (each with whether it gives `max_look`). A repeat inside a repeat is an
    /// error at the inner `kind` line; `{round}` and `{rounds}` are allowed in the texts
    /// inside.
    pub(super) fn repeat(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<Repeat> {
        if let Some(k) = table.keys().find(|k| k.get_ref() == "kind") {
            self.format2.push(k.span());
        }
        let suggested = self.unknown_keys(table, &[fields::STEP, fields::REPEAT], Some("repeat"));
        let required_ok = self.required(table, fields::REPEAT, "repeat", span.clone(), &suggested);
        let times = self.count(table, "times");
        let fixed = self.switch(table, "fixed");
        self.format2_keys(table, &["fixed"]);
        if let Some(v) = table.get("voice") {
            self.error("a repeat has no voice of its own", v.span())
                .set_help("put `voice` on the step inside the repeat that it goes with");
            return None;
        }
        if let (Some(n), Some(v)) = (times, table.get("times"))
            && n > MAX_TIMES
        {
            self.error(
                format!("`times` is {n}; a repeat has at most {MAX_TIMES} rounds"),
                v.span(),
            );
            return None;
        }
        let _title = self.text(table, "title", Ty::Line);
        let named = self.allow_names.len();
        let allow = self.allow(table);
        for (_, _, scope) in &mut self.allow_names[named..] {
            *scope = Some(span.clone());
        }
        self.step_allow.push((span.clone(), allow));
        let items = match table.get("step").map(|v| (v, v.get_ref())) {
            Some((_, DeValue::Array(items))) if !items.is_empty() => items,
            Some((v, DeValue::Array(_))) => {
                self.error("a repeat needs at least one step", v.span());
                return None;
            }
            Some((v, _)) => {
                self.type_error("step", "a list of `[[step.step]]` tables", v);
                return None;
            }
            None => return None,
        };
        let was = std::mem::replace(&mut self.in_repeat, true);
        let mut inner = Vec::new();
        let mut ok = required_ok;
        for item in items {
            let DeValue::Table(t) = item.get_ref() else {
                self.type_error("each step", "a `[[step.step]]` table", item);
                ok = false;
                continue;
            };
            if let Some(k) = t
                .get("kind")
                .filter(|k| k.get_ref().as_str() == Some("repeat"))
            {
                self.error("a repeat can't hold another repeat", k.span())
                    .set_help("write the inner steps out in this repeat's round, or use two repeats one after the other");
                ok = false;
                continue;
            }
            let (own, by_round) = match self.by_round(t, times) {
                Some(read) => read,
                None => {
                    ok = false;
                    continue;
                }
            };
            let t = own.as_ref().unwrap_or(t);
            match self.step(t, item.span()) {
                Some(mut step) => {
                    if let StepKind::Prompt(p) = &mut step.kind {
                        for (text, at) in by_round.iter().skip(1) {
                            self.prompt_reading_time(
                                p.title.as_deref(),
                                text,
                                p.seconds,
                                p.soft,
                                at.clone(),
                            );
                        }
                        p.by_round = by_round.into_iter().map(|(text, _)| text).collect();
                    }
                    inner.push((step, t.contains_key("max_look")))
                }
                None => ok = false,
            }
        }
        self.in_repeat = was;
        Some(Repeat {
            times: times?,
            fixed: fixed?,
            steps: inner,
        })
        .filter(|_| ok)
    }

    /// Adds a step to the running totals and reports the step that crosses a limit.
    pub(super) fn tally(
        &mut self,
        t: &mut Tally,
        step: &Step,
        max_look_given: bool,
        span: Range<usize>,
    ) {
        if t.over {
            return;
        }
        // A look that grows, or whose `max_look` is given, counts at its longest; a
        // default ceiling is held by the preview's ↑ instead.
        let grows = matches!(&step.kind, StepKind::EyeContact(e) if !e.grow.is_zero());
        let (length, cues) = step.cost(grows || max_look_given);
        t.total = length.map_or(Duration::MAX, |l| t.total.saturating_add(l));
        t.cues = t.cues.saturating_add(cues);
        if t.total >= MAX_TOTAL {
            t.over = true;
            let so_far = if t.total == Duration::MAX {
                "far longer".to_owned()
            } else {
                crate::durations::length(t.total)
            };
            self.error("with this step the exercise reaches 4 hours, the limit", span)
                .set_help(format!(
                    "up to here it lasts {so_far}; a whole exercise must be shorter than 4 hours, so try fewer cycles or rounds"
                ));
        } else if t.cues > MAX_CUES {
            t.over = true;
            self.error(
                format!(
                    "with this step the exercise has more than {MAX_CUES} timed phases, the limit"
                ),
                span,
            )
            .set_help("use fewer, longer phases");
        }
    }

    pub(super) fn step(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<Step> {
        let named = self.allow_names.len();
        let allow = self.allow(table);
        // An array table's own span may cover only its `[[step]]` header: the step
        // reaches to the end of its last value.
        let end = table
            .values()
            .map(|v| v.span().end)
            .chain([span.end])
            .max()
            .unwrap_or(span.end);
        for (_, _, scope) in &mut self.allow_names[named..] {
            *scope = Some(span.start..end);
        }
        self.step_allow.push((span.start..end, allow));
        // A list of texts, one a round, counts too (the step is read with the first).
        let strings = table.values().flat_map(|v| match v.get_ref() {
            DeValue::Array(items) => items.iter().collect::<Vec<_>>(),
            _ => vec![v],
        });
        self.tensing = strings
            .filter_map(|v| v.get_ref().as_str())
            .any(wording::tensing);
        let step = self.step_kind(table, span);
        self.tensing = false;
        step
    }

    fn step_kind(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<Step> {
        if table.get("kind").is_none() {
            self.error("this step has no `kind`", span).set_help(
                "add `kind = \"breathe\"`, `kind = \"eye-contact\"` or `kind = \"prompt\"`",
            );
            return None;
        }
        let Some(kind) = self.choice(table, "kind", fields::KIND_NAMES) else {
            self.step_of_unknown_kind(table, span);
            return None;
        };
        self.step_of_kind(table, span, &kind)
    }

    /// The rest of a step whose `kind` is wrong, read so that its other errors show in
    /// the same run as the kind's, not only once the kind is fixed. A kind close to a
    /// known one (`breath`) is read as that kind, whose name the kind's error already
    /// suggests; any other is checked for the keys every kind reads alike (`sound`,
    /// `title`, ...). Nothing read here becomes a step.
    fn step_of_unknown_kind(&mut self, table: &DeTable<'_>, span: Range<usize>) {
        let likely = table
            .get("kind")
            .and_then(|k| k.get_ref().as_str())
            .and_then(|k| fields::did_you_mean(k, fields::KIND_NAMES.iter().copied()))
            // A repeat's rounds are read before its kind is known to be one.
            .filter(|&k| k != "repeat");
        if let Some(kind) = likely {
            self.step_of_kind(table, span, kind);
            return;
        }
        let _ = self.sound(table);
        let _ = self.choice(table, "speak", Speak::NAMES);
        let _ = self.switch(table, "fixed");
        let _ = self.recording(table);
        for key in table.keys().map(|k| k.get_ref().as_ref()) {
            if let Some(ty @ (Ty::Line | Ty::Text)) = fields::same_in_every_kind(key) {
                let _ = self.text(table, key, ty);
            }
        }
    }

    fn step_of_kind(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        kind: &str,
    ) -> Option<Step> {
        let kind_fields = fields::kind_fields(kind)?;
        let suggested = self.unknown_keys(table, &[fields::STEP, kind_fields], Some(kind));
        self.suggested.clone_from(&suggested);
        let sound = self.sound(table);
        let speak = self.choice(table, "speak", Speak::NAMES);
        self.format2_keys(table, &["speak"]);
        if table.contains_key("speak") && speak.is_none() {
            return None;
        }
        let speak = speak.and_then(|s| Speak::ALL.iter().copied().find(|k| k.name() == s));
        let fixed = self.switch(table, "fixed");
        self.format2_keys(table, &["fixed"]);
        let voice = self.recording(table);
        self.format2_keys(table, &["voice"]);
        let required_ok = self.required(table, kind_fields, kind, span.clone(), &suggested);
        let step_kind = match super::Kind::named(kind)? {
            Kind::Breathe => self.breathe(table, span).map(StepKind::Breathe),
            Kind::EyeContact => self.eye_contact(table).map(StepKind::EyeContact),
            Kind::Prompt => self.prompt(table, span).map(StepKind::Prompt),
            Kind::Tap => self.tap(table, span).map(StepKind::Tap),
            Kind::Choice => self.choice_step(table, span).map(StepKind::Choice),
            // Read by `repeat` before a step is; never reaches here.
            Kind::Repeat => return None,
        };
        let step = Step {
            kind: step_kind.filter(|_| required_ok)?,
            sound: sound?,
            round: None,
            speak,
            fixed: fixed?,
            voice: voice?,
        };
        if step.voice.is_some()
            && let Some(r) = self
                .sound_files
                .last_mut()
                .and_then(|f| f.recording.as_mut())
        {
            r.step_length = step.written_length();
            r.waits_for_it = matches!(step.kind, StepKind::Prompt(_));
        }
        Some(step)
    }

    pub(super) fn required(
        &mut self,
        table: &DeTable<'_>,
        fs: &[Field],
        kind: &str,
        span: Range<usize>,
        suggested: &[&str],
    ) -> bool {
        let missing: Vec<&str> = fs
            .iter()
            .filter(|f| f.required && !table.contains_key(f.key))
            .map(|f| f.key)
            .collect();
        // A misspelling of a missing key was already reported, with "did you mean".
        for key in missing.iter().filter(|k| !suggested.contains(k)) {
            // A round's steps are tables of their own, not a `key = value` line.
            let help = if (kind, *key) == ("repeat", "step") {
                "add the steps of one round below it, each as a `[[step.step]]` table, for example:\n\n[[step.step]]\nkind = \"prompt\"\ntext = \"Notice your feet.\"\nseconds = 10".to_owned()
            } else {
                format!("add `{key} = ...`: {}", find_field_in(fs, key))
            };
            self.error(format!("this `{kind}` step has no `{key}`"), span.clone())
                .set_help(help);
        }
        missing.is_empty()
    }

    pub(super) fn breathe(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Breathe> {
        let inhale = self.ramp(t, "inhale").flatten();
        let exhale = self.ramp(t, "exhale").flatten();
        let top_up = self.ramp(t, "top_up");
        let hold_in = self.ramp(t, "hold_in");
        let hold_out = self.ramp(t, "hold_out");
        let inhale_text = self.text(t, "inhale_text", Ty::Line);
        let exhale_text = self.text(t, "exhale_text", Ty::Line);
        let top_up_text = self.text(t, "top_up_text", Ty::Line);
        let hold_in_text = self.text(t, "hold_in_text", Ty::Line);
        let hold_out_text = self.text(t, "hold_out_text", Ty::Line);
        let title = self.text(t, "title", Ty::Line);
        self.format2_keys(
            t,
            &[
                "top_up_text",
                "hold_in_text",
                "hold_out_text",
                "title",
                "until",
            ],
        );
        let until = self.choice(t, "until", &["key", "enter"]);
        let until_ok = !(t.contains_key("until") && until.is_none());
        let own_pace = until.is_some();
        let cycles = self.count(t, "cycles");
        let minutes = t.get("minutes").and_then(|v| {
            let m = self.number("minutes", v, "a number of minutes, like `3`")?;
            if m <= 0.0 {
                self.error("`minutes` must be more than 0", v.span());
                None
            } else if m >= MAX_TOTAL.as_secs_f64() / 60.0 {
                self.error("`minutes` must be shorter than 4 hours", v.span());
                None
            } else {
                Some(m)
            }
        });
        // The care warnings first, from whatever could be read: an error elsewhere in
        // the step never hides them. A ramp is checked at both ends, so every cycle is.
        let optional = |r: Option<Option<Ramp>>| r.map(|r| r.unwrap_or(Ramp::ZERO));
        let phases = [
            inhale,
            optional(top_up),
            optional(hold_in),
            exhale,
            optional(hold_out),
        ];
        let ends: [fn(Ramp) -> Duration; 2] = [|r| r.from, |r| r.to];
        for end in ends {
            let lengths = phases.map(|p| p.map(end));
            self.breath_warnings(t, lengths, span.clone());
        }
        // At one's own pace a hold is timed by the person, and can run long: warned
        // even when its guide is short (a longer one was warned above).
        if own_pace {
            for (key, hold) in [("hold_in", hold_in), ("hold_out", hold_out)] {
                let Some(Some(h)) = hold else { continue };
                let (Some(v), false) = (
                    t.get(key),
                    h.longest() > GENTLE_HOLD || h.longest().is_zero(),
                ) else {
                    continue;
                };
                self.warn(Warning::Holds, "at your own pace, this hold is timed by the person", v.span())
                    .set_help("a hold the person times can run long; say in `note` that breathing normally is always fine, or leave the hold out");
            }
        }
        self.dedup_warnings();
        if !until_ok {
            return None;
        }
        let texts = [
            ("inhale_text", &inhale_text),
            ("top_up_text", &top_up_text),
            ("hold_in_text", &hold_in_text),
            ("exhale_text", &exhale_text),
            ("hold_out_text", &hold_out_text),
        ];
        for ((key, text), phase) in texts.into_iter().zip(phases) {
            let shortest = phase.map(|p| p.from.min(p.to)).filter(|d| !d.is_zero());
            self.words_fit(t, key, text.as_deref(), shortest);
        }
        let (inhale, exhale) = (inhale?, exhale?);
        let stages = self.count(t, "stages");
        self.format2_keys(t, &["stages"]);
        let mut b = Breathe {
            stages: None,
            inhale,
            top_up: top_up?.unwrap_or(Ramp::ZERO),
            hold_in: hold_in?.unwrap_or(Ramp::ZERO),
            exhale,
            hold_out: hold_out?.unwrap_or(Ramp::ZERO),
            cycles: 1,
            inhale_text,
            exhale_text,
            top_up_text,
            hold_in_text,
            hold_out_text,
            title,
            own_pace,
        };
        b.cycles = match (t.get("cycles"), t.get("minutes")) {
            (Some(_), Some(m)) => {
                self.error("give `cycles` or `minutes`, not both", m.span());
                return None;
            }
            (None, None) => {
                self.error("this `breathe` step has no `cycles` or `minutes`", span)
                    .set_help("add `cycles = 8` (breaths) or `minutes = 2`");
                return None;
            }
            (Some(_), None) => cycles?,
            (None, Some(_)) => {
                // The whole number of cycles whose total is nearest: a ramp's cycles
                // average its two ends.
                let mean: f64 = b
                    .phases()
                    .iter()
                    .map(|p| (p.from.as_secs_f64() + p.to.as_secs_f64()) / 2.0)
                    .sum();
                let n = (minutes? * 60.0 / mean).round();
                n.clamp(1.0, u32::MAX as f64) as u32
            }
        };
        if let Some(v) = t.get("stages") {
            let s = stages?;
            let why = if !b.ramps() {
                Some("`stages` moves a ramp, and this step has none".to_owned())
            } else if !(2..=MAX_STAGES).contains(&s) {
                Some(format!("`stages` is {s}; give 2 to {MAX_STAGES}"))
            } else if s > b.cycles {
                Some(format!(
                    "{s} stages for {} breaths: give no more stages than breaths",
                    b.cycles
                ))
            } else {
                None
            };
            if let Some(why) = why {
                self.error(why, v.span())
                    .set_help("a ramp such as `exhale = [4, 8]` with `stages = 3` holds 4 s, then 6 s, then 8 s, each for a third of the breaths");
                return None;
            }
            b.stages = Some(s);
        }
        if b.ramps() && b.cycles < 2 {
            let at = t
                .get("cycles")
                .or(t.get("minutes"))
                .map_or(span, |v| v.span());
            self.error("a ramp needs at least 2 breaths, one for each end", at)
                .set_help("give `cycles = 2` or more, or more `minutes`");
            return None;
        }
        Some(b)
    }

    /// `reading-time` for a timed prompt whose words (`title` and `text`) take longer to
    /// say than its `seconds`; at `at`. A soft one waits for Enter, so its time is a
    /// guide.
    fn prompt_reading_time(
        &mut self,
        title: Option<&str>,
        text: &str,
        seconds: Option<Duration>,
        soft: bool,
        at: Range<usize>,
    ) {
        let Some(s) = seconds.filter(|_| !soft) else {
            return;
        };
        let needs: Duration = title.into_iter().chain([text]).map(reading_time).sum();
        let whole = needs.as_secs_f64().ceil();
        self.words_outrun(needs, s, format!("the step's {}", secs(s)), at, format!(
            "give it `seconds = {whole}` or more, say it in fewer words, or let it wait for Enter: `until = \"key\"`"
        ));
    }

    /// `reading-time`, when words that take `needs` to say have only `room`, described
    /// as `than` ("the step's 6 s"), at `at`.
    fn words_outrun(
        &mut self,
        needs: Duration,
        room: Duration,
        than: String,
        at: Range<usize>,
        help: String,
    ) {
        if needs > room {
            let needs = needs.as_secs_f64().ceil();
            self.warn(
                Warning::ReadingTime,
                format!("these words take about {needs} s to say at {READING_WPM} words a minute, longer than {than}"),
                at,
            )
            .set_help(help);
        }
    }

    /// A prompt's `text` written as a list inside a repeat: one text a round. Each is
    /// checked as a text is; the step is then read with the first in its place.
    /// Returns that step's table (`None`: as written) and the texts, or `None` for an
    /// error.
    fn by_round<'t>(
        &mut self,
        t: &DeTable<'t>,
        times: Option<u32>,
    ) -> Option<(Option<DeTable<'t>>, RoundTexts)> {
        let Some(v) = t.get("text") else {
            return Some((None, Vec::new()));
        };
        let DeValue::Array(items) = v.get_ref() else {
            return Some((None, Vec::new()));
        };
        self.format2.push(v.span());
        if t.get("kind").and_then(|k| k.get_ref().as_str()) != Some("prompt") {
            self.error(
                "only a prompt's `text` can be a list, one text a round",
                v.span(),
            );
            return None;
        }
        if let Some(n) = times
            && items.len() != n as usize
        {
            self.error(
                format!("`text` has {} texts for {n} rounds", items.len()),
                v.span(),
            )
            .set_help("give one text for each round, in order, or one text for them all");
            return None;
        }
        let mut texts = Vec::with_capacity(items.len());
        let mut ok = true;
        // A step about tensing muscles is one, whichever round says so.
        let strings = t.values().chain(items).filter_map(|v| v.get_ref().as_str());
        self.tensing = strings.into_iter().any(wording::tensing);
        for (i, item) in items.iter().enumerate() {
            let Some(s) = item.get_ref().as_str() else {
                self.type_error("each round's `text`", "text in quotes", item);
                ok = false;
                continue;
            };
            // The first is checked with the step, in its place.
            if i > 0 && !self.check_text("text", s, true, item.span()) {
                ok = false;
            }
            texts.push((s.to_owned(), item.span()));
        }
        self.tensing = false;
        if !ok || items.is_empty() {
            if items.is_empty() {
                self.error("`text` is an empty list", v.span());
            }
            return None;
        }
        let mut own = t.clone();
        let key = t.keys().find(|k| k.get_ref() == "text")?.clone();
        own.insert(key, items[0].clone());
        Some((Some(own), texts))
    }

    /// `reading-time` for a cue's own words (`inhale_text`, `look_text`…): said or read
    /// by a screen reader, they would run past a cue of `shortest`; the player says
    /// its usual, shorter words there instead.
    fn words_fit(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        text: Option<&str>,
        shortest: Option<Duration>,
    ) {
        let (Some(text), Some(shortest), Some(v)) = (text, shortest, t.get(key)) else {
            return;
        };
        let than = format!(
            "the shortest {} ({})",
            key.trim_end_matches("_text").replace('_', "-"),
            secs(shortest)
        );
        let help =
            "say it in fewer words; where these don't fit, the player says its own shorter ones";
        self.words_outrun(reading_time(text), shortest, than, v.span(), help.into());
    }

    /// `holds`, `long-holds`, `exhale-ratio` and `fast-breathing`, for one cycle's
    /// lengths (inhale, top-up, hold in, exhale, hold out; `None` where unreadable).
    pub(super) fn breath_warnings(
        &mut self,
        t: &DeTable<'_>,
        [inhale, top_up, hold_in, exhale, hold_out]: [Option<Duration>; 5],
        step: Range<usize>,
    ) {
        let at = |key: &str| t.get(key).map_or(step.clone(), |v| v.span());
        for (key, hold) in [("hold_in", hold_in), ("hold_out", hold_out)] {
            let Some(h) = hold else { continue };
            if h > LONG_HOLD {
                self.warn(Warning::LongHolds, format!("a {} breath hold is long", secs(h)), at(key))
                    .set_help("holds over 15 s are not gentle practice: they can bring on air hunger or panic");
            } else if h > GENTLE_HOLD {
                self.warn(
                    Warning::Holds,
                    format!("a {} breath hold", secs(h)),
                    at(key),
                )
                .set_help(
                    "holds can be activating; say in `note` that breathing normally is always fine",
                );
            }
        }
        let (Some(inhale), Some(exhale)) = (inhale, exhale) else {
            return;
        };
        let top_up = top_up.unwrap_or_default();
        if exhale <= inhale + top_up {
            let inhale_words = if top_up.is_zero() {
                secs(inhale)
            } else {
                format!("{} and a {} top-up", secs(inhale), secs(top_up))
            };
            self.warn(
                Warning::ExhaleRatio,
                format!(
                    "the exhale ({}) is not longer than the inhale ({inhale_words})",
                    secs(exhale)
                ),
                at("exhale"),
            )
            .set_help("steady is built around a longer exhale, which many people find settling");
        }
        let cycle =
            inhale + top_up + hold_in.unwrap_or_default() + exhale + hold_out.unwrap_or_default();
        if cycle < FAST_CYCLE {
            let per_minute = (60.0 / cycle.as_secs_f64()).round();
            self.warn(
                Warning::FastBreathing,
                format!("a breath every {} is fast breathing ({per_minute} a minute)", secs(cycle)),
                at("inhale"),
            )
            .set_help("more than ten breaths a minute invites over-breathing: dizziness, tingling, air hunger");
        }
    }

    pub(super) fn eye_contact(&mut self, t: &DeTable<'_>) -> Option<EyeContact> {
        let look = self.ramp(t, "look");
        let away = self.seconds(t, "away");
        let rounds = self.count(t, "rounds");
        let grow = self.seconds(t, "grow");
        let max_look = self.seconds(t, "max_look");
        let look_text = self.text(t, "look_text", Ty::Line);
        let away_text = self.text(t, "away_text", Ty::Line);
        let setup = self.text(t, "setup", Ty::Text);
        let title = self.text(t, "title", Ty::Line);
        let lead_in = self.seconds(t, "lead_in");
        self.format2_keys(t, &["title", "lead_in"]);
        let ramp = look.flatten()?;
        let (look, look_to) = (ramp.from, ramp.to);
        let longest = look.max(look_to);
        let max_look = match (max_look, t.get("max_look")) {
            (Some(m), Some(v)) if m < longest => {
                self.error(
                    format!(
                        "`max_look` ({}) is shorter than `look` ({})",
                        secs(m),
                        secs(longest)
                    ),
                    v.span(),
                )
                .set_help(
                    "`max_look` is the longest the look may grow to, so it can't be below `look`",
                );
                return None;
            }
            (Some(m), _) => m,
            (None, Some(_)) => return None,
            (None, None) => longest.max(GENTLE_LOOK),
        };
        if ramp.is_ramp()
            && let (Some(n), Some(v)) = (rounds, t.get("rounds"))
            && n < 2
        {
            self.error("a ramp needs at least 2 rounds, one for each end", v.span())
                .set_help("give `rounds = 2` or more");
            return None;
        }
        for key in ["look", "max_look"] {
            if let Some(v) = t.get(key) {
                let d = if key == "look" { longest } else { max_look };
                if d > GENTLE_LOOK {
                    self.warn(Warning::LongLook, format!("a {} look is long", secs(d)), v.span()).set_help(
                        "most people are comfortable with about 3 seconds of mutual gaze; growing a few seconds at a time is gentler",
                    );
                }
            }
        }
        let lead_in_default =
            default_lead_in([setup.as_deref(), look_text.as_deref(), away_text.as_deref()]);
        self.words_fit(
            t,
            "look_text",
            look_text.as_deref(),
            Some(look.min(look_to)),
        );
        self.words_fit(t, "away_text", away_text.as_deref(), away);
        Some(EyeContact {
            look,
            look_to,
            away: away?,
            rounds: rounds?,
            grow: grow.unwrap_or_default(),
            max_look,
            look_text,
            away_text,
            lead_in: match t.get("lead_in") {
                Some(_) => lead_in?,
                None => lead_in_default,
            },
            setup,
            title,
        })
    }

    /// A `tap` step (format 2): a beat within [`TAP_BEATS`], and `taps` or `seconds`.
    fn tap(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Tap> {
        if let Some(k) = t.keys().find(|k| k.get_ref() == "kind") {
            self.format2.push(k.span());
        }
        let beat = self.seconds(t, "beat");
        let taps = self.count(t, "taps");
        let seconds = self.seconds(t, "seconds");
        let text = self.text(t, "text", Ty::Text);
        let title = self.text(t, "title", Ty::Line);
        let left_text = self.text(t, "left_text", Ty::Line);
        let right_text = self.text(t, "right_text", Ty::Line);
        let lead_in = match t.get("lead_in") {
            Some(_) => self.seconds(t, "lead_in")?,
            // The words' reading time, then a moment to settle the hands.
            None if text.is_some() => {
                let read: Duration = [&title, &text]
                    .into_iter()
                    .flatten()
                    .map(|w| reading_time(w))
                    .sum();
                Duration::from_secs(read.as_millis().div_ceil(1000) as u64) + LEAD_IN_LEAST
            }
            None => Duration::ZERO,
        };
        let beat = beat?;
        if !TAP_BEATS.contains(&beat) {
            let v = t.get("beat")?;
            // As written: rounded, 5.0001 read as "a beat of 5 s is outside 0.5 to 5 s".
            let written = self.src.get(v.span()).unwrap_or_default().trim();
            self.error(
                format!("a beat of {written} s is outside 0.5 to 5 s"),
                v.span(),
            )
            .set_help("slow, even tapping (a beat of about 1 s) steadies; fast sets belong to therapy with a therapist");
            return None;
        }
        self.words_fit(t, "left_text", left_text.as_deref(), Some(beat));
        self.words_fit(t, "right_text", right_text.as_deref(), Some(beat));
        let taps = match (t.get("taps"), t.get("seconds")) {
            (Some(_), Some(v)) => {
                self.error("give `taps` or `seconds`, not both", v.span());
                return None;
            }
            (Some(_), None) => taps?,
            (None, Some(_)) => {
                let pairs = (seconds?.as_secs_f64() / (beat.as_secs_f64() * 2.0)).round();
                (pairs.clamp(1.0, f64::from(u32::MAX / 2)) as u32) * 2
            }
            (None, None) => {
                self.error("this `tap` step has no `taps` or `seconds`", span)
                    .set_help("add `seconds = 60`, or `taps = 40`");
                return None;
            }
        };
        Some(Tap {
            beat,
            taps,
            text,
            title,
            left_text,
            right_text,
            lead_in,
        })
    }

    /// A `choice` step (format 2): a question, two to nine options of a label and words,
    /// and the time the chosen option's words stay.
    fn choice_step(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Choice> {
        if let Some(k) = t.keys().find(|k| k.get_ref() == "kind") {
            self.format2.push(k.span());
        }
        let text = self.text(t, "text", Ty::Text);
        let title = self.text(t, "title", Ty::Line);
        let timing = self.timing(t, span, "choice");
        let v = t.get("option")?;
        let DeValue::Array(items) = v.get_ref() else {
            self.type_error("option", "a list of `[[step.option]]` tables", v);
            return None;
        };
        if !CHOICE_OPTIONS.contains(&items.len()) {
            self.error(
                format!(
                    "a choice has {} option{}; give 2 to 9",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                ),
                v.span(),
            )
            .set_help("one `[[step.option]]` table for each option, each with `label` and `text`");
            return None;
        }
        let mut options = Vec::new();
        for item in items {
            let DeValue::Table(o) = item.get_ref() else {
                self.type_error("each option", "a `[[step.option]]` table", item);
                continue;
            };
            let _ = self.unknown_keys(o, &[fields::OPTION], None);
            let label = self.text(o, "label", Ty::Line);
            let words = self.text(o, "text", Ty::Text);
            // Offered with its number among the others: a few words, never empty.
            let label = match (label, o.get("label")) {
                (Some(l), Some(v)) if l.trim().is_empty() || l.chars().count() > MAX_LABEL => {
                    self.error(
                        format!("a label is offered with its number: give it 1 to {MAX_LABEL} characters"),
                        v.span(),
                    )
                    .set_help("a word or two, such as \"Feet\"; what to do goes in `text`");
                    None
                }
                (l, _) => l,
            };
            for key in ["label", "text"] {
                if !o.contains_key(key) {
                    self.error(format!("this option has no `{key}`"), item.span())
                        .set_help("each option has a `label` (a word or two) and `text` (what plays once it is chosen)");
                }
            }
            if let (Some(label), Some(words), Some((seconds, soft))) = (&label, &words, &timing)
                && let Some(v) = o.get("text")
            {
                self.prompt_reading_time(Some(label), words, *seconds, *soft, v.span());
            }
            if let (Some(label), Some(text)) = (label, words) {
                options.push(ChoiceOption { label, text });
            }
        }
        let (seconds, soft) = timing?;
        if options.len() != items.len() {
            return None;
        }
        Some(Choice {
            text: text?,
            title,
            options,
            seconds,
            soft,
        })
    }

    /// A prompt's (or a chosen option's) time: `seconds`, `until = "key"`, or both (soft
    /// timing: the seconds are a guide, then it waits for Enter).
    fn timing(
        &mut self,
        t: &DeTable<'_>,
        span: Range<usize>,
        kind: &str,
    ) -> Option<(Option<Duration>, bool)> {
        let seconds = self.seconds(t, "seconds");
        // "enter" is the same as "key": both wait for Enter.
        let until = self.choice(t, "until", &["key", "enter"]);
        let soft = t.contains_key("seconds") && t.contains_key("until");
        let seconds = match (t.get("seconds"), t.get("until")) {
            (Some(_), Some(u)) => {
                self.format2.push(u.span());
                until?;
                Some(seconds?)
            }
            // Misspelt, it has been said so, with the right spelling.
            (None, None)
                if self
                    .suggested
                    .iter()
                    .any(|k| ["seconds", "until"].contains(k)) =>
            {
                return None;
            }
            (None, None) => {
                self.error(
                    format!("this `{kind}` step has no `seconds` or `until`"),
                    span,
                )
                .set_help("add `seconds = 20`, or `until = \"key\"` to wait for Enter");
                return None;
            }
            (Some(_), None) => Some(seconds?),
            (None, Some(_)) => {
                until?;
                None
            }
        };
        Some((seconds, soft))
    }

    pub(super) fn prompt(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Prompt> {
        let text = self.text(t, "text", Ty::Text);
        let title = self.text(t, "title", Ty::Line);
        let style = self.choice(t, "style", &["say"]);
        let timing = self.timing(t, span, "prompt");
        if t.get("style").is_some() && style.is_none() {
            return None;
        }
        let (seconds, soft) = timing?;
        // Words that need longer than the step gives them: a timed step moves on before
        // they can be read or heard.
        if let (Some(text), Some(v)) = (&text, t.get("seconds")) {
            self.prompt_reading_time(title.as_deref(), text, seconds, soft, v.span());
        }
        let prompt = Prompt {
            text: text?,
            title,
            say: style.is_some(),
            seconds,
            soft,
            by_round: Vec::new(),
        };
        if prompt.asks_to_hold()
            && let Some(v) = t.get("text")
        {
            self.warn(Warning::Holds, "these words ask for a breath hold with no set length", v.span())
                .set_help("a hold the person times can run long; give it a length (`hold_in` or `hold_out` on a breathing step), or say in `note` that breathing normally is always fine");
        }
        Some(prompt)
    }

    /// `voice = "file"`: a recording, named by a path under the same rule as a sound's,
    /// to be looked at in the exercise's folder. `Some(None)` when there is none.
    fn recording(&mut self, t: &DeTable<'_>) -> Option<Option<PathBuf>> {
        let Some(v) = t.get("voice") else {
            return Some(None);
        };
        let Some(s) = v.get_ref().as_str() else {
            self.type_error("voice", "a path in quotes, relative to this file", v);
            return None;
        };
        if !self.check_text("voice", s, false, v.span()) {
            return None;
        }
        self.file_path(s, v.span(), Some(super::Recording::default()))
            .map(Some)
    }

    pub(super) fn sound(&mut self, t: &DeTable<'_>) -> Option<Sound> {
        let Some(v) = t.get("sound") else {
            return Some(Sound::Default);
        };
        let Some(s) = v.get_ref().as_str() else {
            self.type_error("sound", "a sound's name or a file path in quotes", v);
            return None;
        };
        if !self.check_text("sound", s, false, v.span()) {
            return None;
        }
        if s == "none" {
            return Some(Sound::Silent);
        }
        if let Some(b) = BundledSound::from_name(s) {
            return Some(Sound::Bundled(b));
        }
        if !s.contains(['/', '\\', '.']) {
            let d = self.error(
                format!("there is no bundled sound called `{}`", text::escape(s)),
                v.span(),
            );
            match fields::did_you_mean(s, fields::SOUND_NAMES.iter().copied()) {
                Some(m) => d.label = Some(format!("did you mean `{m}`?")),
                None => {
                    d.help = Some(format!(
                        "the bundled sounds are {}; or give a path relative to this file, like `sounds/bell.ogg`",
                        quoted_list(fields::SOUND_NAMES)
                    ))
                }
            }
            return None;
        }
        self.file_path(s, v.span(), None).map(Sound::File)
    }

    /// A sound's or a recording's path `s`, held to SPEC §4's path rule and noted, to be
    /// looked at in the exercise's folder.
    fn file_path(
        &mut self,
        s: &str,
        span: Range<usize>,
        recording: Option<super::Recording>,
    ) -> Option<PathBuf> {
        match sound_path(s) {
            Ok(path) => {
                self.sound_files.push(SoundFile {
                    span,
                    path: path.clone(),
                    recording,
                });
                Some(path)
            }
            Err(why) => {
                self.diags.push(sound_error(s, why, span));
                None
            }
        }
    }
}
