//! `/events/{slug}/visa-letter`: the attendee gives the details a consulate expects and,
//! once an organiser approved them, prints the letter on the event's letterhead (the
//! browser's print, or "save as PDF").
use crate::api::{get_visa_letter, SubmitVisaDetails};
use crate::auth::{field_error, form_error};
use crate::components::{ErrorView, FormField};
use crate::model::{Approval, VisaDetails, VisaForm, VisaLetterPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VisaLetterRoute() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let submit = ServerAction::<SubmitVisaDetails>::new();
    let page = Resource::new(
        move || (slug(), submit.version().get()),
        |(slug, _)| get_visa_letter(slug),
    );
    view! {
        <Title text="Visa invitation letter" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <LetterPage page submit /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LetterPage(page: VisaLetterPage, submit: ServerAction<SubmitVisaDetails>) -> impl IntoView {
    let approved = page
        .letter
        .as_ref()
        .is_some_and(|letter| letter.approval.is_some());
    let status = match &page.letter {
        None => "Give the details below, exactly as in your passport. The organisers check them \
                 and approve your letter; you are told by email."
            .to_owned(),
        Some(letter) if letter.approval.is_none() => format!(
            "Thank you: the organisers have your details (sent {}) and will approve your letter \
             soon. You are told by email.",
            letter.submitted_at.format("%-d %B")
        ),
        Some(_) => "Your letter is approved: print it, or save it as a PDF from the print \
                    dialog. Changing the details below asks the organisers to approve it again."
            .to_owned(),
    };
    let letter = page.letter.clone().and_then(|letter| {
        let approval = letter.approval.clone()?;
        Some(view! { <Letter page=page.clone() details=letter.details approval /> })
    });
    let form = page
        .letter
        .as_ref()
        .map(|letter| VisaForm::from(&letter.details))
        .unwrap_or_default();
    let value = submit.value();
    view! {
        <section class="visa-letter-page">
            <p class="event-status no-print">
                <a href=format!("/events/{}#attend", page.slug)>{page.event_title.clone()}</a>
            </p>
            <h1 class="no-print">"Visa invitation letter"</h1>
            <p class="lede no-print" role="status">{status}</p>
            {approved.then(|| view! {
                <p class="no-print">
                    <button type="button" class="button" onclick="window.print()">"Print the letter"</button>
                </p>
            })}
            {letter}
            <ActionForm action=submit attr:class="form no-print" attr:novalidate="">
                <input type="hidden" name="slug" value=page.slug.clone() />
                <FormField name="full_name" label="Full name, as in the passport" maxlength=120
                    autocomplete="name" required=true value=form.full_name
                    error=field_error(value, "full_name") />
                <FormField name="nationality" label="Nationality" maxlength=60 required=true
                    value=form.nationality error=field_error(value, "nationality") />
                <FormField name="passport_number" label="Passport number" maxlength=30
                    required=true value=form.passport_number
                    error=field_error(value, "passport_number") />
                <FormField name="born_on" label="Date of birth" kind="date" required=true
                    value=form.born_on error=field_error(value, "born_on") />
                <FormField name="arrives_on" label="Arrival" kind="date" required=true
                    hint="Up to two weeks before the event."
                    value=form.arrives_on error=field_error(value, "arrives_on") />
                <FormField name="leaves_on" label="Departure" kind="date" required=true
                    hint="Up to two weeks after the event."
                    value=form.leaves_on error=field_error(value, "leaves_on") />
                <p class="muted">
                    "Only you and the organisers see these details. They are deleted once the \
                     event is over."
                </p>
                <p class="form-error" role="alert">{form_error(value)}</p>
                <button type="submit" class="button" disabled=move || submit.pending().get()>
                    "Send the details"
                </button>
            </ActionForm>
        </section>
    }
}

/// The letter itself, laid out for paper.
#[component]
fn Letter(page: VisaLetterPage, details: VisaDetails, approval: Approval) -> impl IntoView {
    let address = page
        .address
        .lines()
        .map(|line| view! { <span>{line.to_owned()}</span><br /> })
        .collect_view();
    let dates = crate::model::format_date_range(page.starts_on, page.ends_on);
    view! {
        <article class="letter" aria-label="The letter">
            <header class="letterhead">
                <strong>{page.event_title.clone()}</strong>
                <br />
                {page.venue.clone()}
                <br />
                {address}
            </header>
            <p class="letter-date">{approval.at.format("%-d %B %Y").to_string()}</p>
            <p>"To the consular officer concerned,"</p>
            <p>
                "This letter confirms that " <strong>{details.full_name.clone()}</strong>
                ", a " {details.nationality.clone()} " citizen born on "
                {details.born_on.format("%-d %B %Y").to_string()} ", holder of passport number "
                <strong>{details.passport_number.clone()}</strong> ", is invited to attend "
                <strong>{page.event_title.clone()}</strong> ", held at " {page.venue.clone()}
                " on " {dates} "."
            </p>
            <p>
                "The event is a developer meeting where participants plan, discuss and write \
                 software together. " {details.full_name.clone()} " intends to arrive on "
                {details.arrives_on.format("%-d %B %Y").to_string()} " and to leave on "
                {details.leaves_on.format("%-d %B %Y").to_string()} "."
            </p>
            <p>
                "The organisers do not cover travel or accommodation costs unless agreed \
                 separately in writing. Please do not hesitate to contact us should you need \
                 further information."
            </p>
            <p class="signature">
                "Yours faithfully,"
                <br />
                <br />
                {approval.by}
                <br />
                "for the organisers of " {page.event_title}
            </p>
        </article>
    }
}
