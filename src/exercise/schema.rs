//! The JSON Schema (draft-07, which taplo reads) of the exercise format, built from the
//! same field tables that validation uses.

use serde_json::{Map, Value, json};

use crate::exercise::fields::{self, Field, Ty};
use crate::exercise::{MAX_STEPS, MAX_TEXT_CHARS, MAX_TOTAL};

const LINE_PATTERN: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$";
const TEXT_PATTERN: &str =
    "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$";

pub fn exercise_schema() -> Value {
    let (props, required) = object(fields::EXERCISE);
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://steady.invalid/exercise.schema.json",
        "title": "steady exercise",
        "description": "A grounding exercise for steady: a title, some optional text, and [[step]] tables.",
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": props,
    })
}

fn object(fs: &[Field]) -> (Map<String, Value>, Vec<&'static str>) {
    let props = fs.iter().map(|f| (f.key.to_owned(), field(f))).collect();
    let required = fs.iter().filter(|f| f.required).map(|f| f.key).collect();
    (props, required)
}

fn field(f: &Field) -> Value {
    let max_secs = MAX_TOTAL.as_secs();
    let mut v = match f.ty {
        Ty::Line => {
            json!({"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS, "pattern": LINE_PATTERN})
        }
        Ty::Text => json!({"type": "string", "maxLength": MAX_TEXT_CHARS, "pattern": TEXT_PATTERN}),
        Ty::Tags => {
            json!({"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS, "pattern": LINE_PATTERN}})
        }
        Ty::Format => json!({"type": "integer", "enum": [1, crate::exercise::FORMAT]}),
        Ty::Switch => json!({"type": "boolean"}),
        Ty::Options => {
            let (props, required) = object(fields::OPTION);
            json!({
                "type": "array",
                "minItems": crate::exercise::CHOICE_OPTIONS.start(),
                "maxItems": crate::exercise::CHOICE_OPTIONS.end(),
                "items": {"type": "object", "additionalProperties": false, "required": required, "properties": props},
            })
        }
        Ty::Path => json!({"type": "string", "pattern": "^[^/\\\\][^\\\\]*$"}),
        Ty::Allow => {
            let names: Vec<&str> = crate::exercise::Warning::ALL
                .iter()
                .copied()
                .filter(|w| w.can_be_allowed())
                .map(crate::exercise::Warning::name)
                .collect();
            json!({"type": "array", "items": {"enum": names}})
        }
        Ty::Suits => {
            let names = crate::exercise::State::ALL.map(crate::exercise::State::name);
            json!({"type": "array", "items": {"enum": names}, "uniqueItems": true})
        }
        Ty::Ramp { zero_ok } => {
            let one = if zero_ok {
                json!({"type": "number", "minimum": 0, "exclusiveMaximum": max_secs})
            } else {
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": max_secs})
            };
            json!({"anyOf": [one.clone(), {"type": "array", "items": one, "minItems": 2, "maxItems": 2}]})
        }
        Ty::Seconds { zero_ok: true } => {
            json!({"type": "number", "minimum": 0, "exclusiveMaximum": max_secs})
        }
        Ty::Seconds { zero_ok: false } => {
            json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": max_secs})
        }
        Ty::Minutes => {
            json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": max_secs / 60})
        }
        Ty::Count if f.key == "times" => {
            json!({"type": "integer", "minimum": 1, "maximum": crate::exercise::MAX_TIMES})
        }
        Ty::Count => json!({"type": "integer", "minimum": 1}),
        Ty::Choice(options) => json!({"type": "string", "enum": options}),
        Ty::Sound => json!({"anyOf": [
            {"type": "string", "enum": fields::SOUND_NAMES},
            {"type": "string", "pattern": "^[^/\\\\][^\\\\]*[./][^\\\\]*$"}
        ]}),
        Ty::Steps | Ty::RoundSteps => {
            let mut prompt = step("prompt", fields::PROMPT, Some(["seconds", "until"]));
            // Inside a repeat, a prompt's text may be a list: one text a round.
            if f.ty == Ty::RoundSteps {
                let one = prompt["properties"]["text"].clone();
                prompt["properties"]["text"] = json!({
                    "anyOf": [one.clone(), {"type": "array", "items": one, "minItems": 1, "maxItems": crate::exercise::MAX_TIMES}],
                    "description": one["description"],
                });
            }
            let mut kinds = vec![
                step("breathe", fields::BREATHE, Some(["cycles", "minutes"])),
                step("eye-contact", fields::EYE_CONTACT, None),
                prompt,
                step("tap", fields::TAP, Some(["taps", "seconds"])),
                step("choice", fields::CHOICE, Some(["seconds", "until"])),
            ];
            if f.ty == Ty::Steps {
                kinds.push(step("repeat", fields::REPEAT, None));
            }
            // Chosen by `kind` (if/then) rather than one of four: an editor then names
            // the key that is wrong in a breathing step, where a `oneOf` failing says
            // only that no kind matched.
            let names: Vec<&Value> = kinds.iter().map(|k| &k["title"]).collect();
            let by_kind: Vec<Value> = kinds
                .iter()
                .map(|k| {
                    json!({
                        "if": {"properties": {"kind": {"enum": [k["title"]]}}, "required": ["kind"]},
                        "then": k,
                    })
                })
                .collect();
            json!({
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_STEPS,
                "items": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {"kind": {"type": "string", "enum": names, "description": fields::STEP[0].doc}},
                    "allOf": by_kind,
                },
            })
        }
    };
    // Every arm above builds an object.
    if let Some(obj) = v.as_object_mut() {
        obj.insert("description".into(), f.doc.into());
        if let Some(d) = f.default.and_then(|d| d.parse::<f64>().ok()) {
            obj.insert("default".into(), json!(d));
        }
    }
    v
}

/// One step kind: its keys plus the common ones, `kind` fixed, and an either-or pair.
fn step(kind: &str, fs: &[Field], one_of: Option<[&str; 2]>) -> Value {
    let (mut props, mut required) = object(fs);
    let (common, common_req) = object(fields::STEP);
    props.extend(common);
    props.insert(
        "kind".into(),
        json!({"type": "string", "enum": [kind], "description": fields::STEP[0].doc}),
    );
    required.extend(common_req);
    let mut v = json!({
        "title": kind,
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": props,
    });
    // Breathing gives cycles or minutes; a prompt seconds, until, or both (soft timing).
    if let Some([a, b]) = one_of {
        let either = if matches!(kind, "prompt" | "choice") {
            "anyOf"
        } else {
            "oneOf"
        };
        v[either] = json!([{"required": [a]}, {"required": [b]}]);
    }
    v
}
