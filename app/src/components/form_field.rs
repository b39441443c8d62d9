//! A labelled input with its error message next to it, announced to screen readers.
use crate::raw_text::raw_text;
use leptos::prelude::*;

#[component]
pub fn FormField(
    /// The form field name, which is also the `field` of `AppError::Invalid`.
    #[prop(into)]
    name: String,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    /// What the field holds when the page loads.
    #[prop(optional, into)]
    value: String,
    /// Rows of a multi-line field; one-line input when 0.
    #[prop(optional)]
    rows: u32,
    /// (submitted value, label) pairs: a choice among them, `value` chosen.
    #[prop(optional)]
    options: Vec<(&'static str, &'static str)>,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] inputmode: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// For a name used by several forms on one page; made from the name otherwise.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    // Brackets of nested names (`event[hotels][0][name]`) make awkward ids.
    let id = id.unwrap_or_else(|| {
        format!(
            "field-{}",
            name.replace(['[', ']'], "-").trim_end_matches('-')
        )
    });
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if error.read().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.read().is_some().then_some("true");
    let control = if !options.is_empty() {
        let options = options
            .into_iter()
            .map(|(choice, text)| {
                view! { <option value=choice selected=choice == value>{text}</option> }
            })
            .collect_view();
        view! {
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=invalid
                aria-describedby=described_by
            >
                {options}
            </select>
        }
        .into_any()
    } else if rows > 0 {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows=rows
                required=required
                maxlength=maxlength
                aria-invalid=invalid
                aria-describedby=described_by
            >
                {raw_text(value)}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                required=required
                maxlength=maxlength
                aria-invalid=invalid
                aria-describedby=described_by
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || error.read().is_some()>
            <label for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {control}
            <p class="field-error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}
