//! The demo boards. The archive has the topics of the 2014 wiki page, described in our own
//! words, with the votes, outcomes and the peer review the wiki had ("What is NFV?"), written
//! straight to the store since that event is over. The upcoming event has topics of its own,
//! proposed, voted for and discussed through the services as the demo people.
use super::registrations::Attendee;
use hackboard_app::model::{OutcomeDraft, Subject, TopicForm, User};
use hackboard_app::server::{comments, topics, writeups, AppState, NewComment, Updated};

struct Seed {
    title: &'static str,
    contacts: &'static str,
    difficulty: &'static str,
    skills: &'static str,
    gsoc: &'static str,
    description: &'static str,
    outcomes: &'static str,
    /// Checked by the organisers, as the wiki's "verified".
    verified: bool,
    /// What came of it, recorded after the event.
    outcome: &'static str,
    /// How many invented attendees voted for it.
    votes: usize,
}

impl Seed {
    fn form(&self) -> TopicForm {
        TopicForm {
            title: self.title.into(),
            description_md: self.description.into(),
            outcomes_md: self.outcomes.into(),
            contacts: self.contacts.into(),
            mailing_list: "xen-devel@lists.xenproject.org".into(),
            chat_channel: "#xen-devel on Libera.Chat".into(),
            difficulty: self.difficulty.into(),
            skills: self.skills.into(),
            gsoc: self.gsoc.into(),
        }
    }
}

const ARCHIVE: [Seed; 14] = [
    Seed {
        title: "Project process: list traffic, review load, IRC and personal repos",
        contacts: "Lars Kurth",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "The development list gets twice the mail it did two years ago, \
            and some areas wait too long for reviews. Let's talk about:\n\n\
            * splitting or filtering the list traffic\n\
            * finding more reviewers where reviews queue up\n\
            * opening up the developers' IRC channel\n\
            * when someone gets a personal or team repository, and how to ask\n\
            * what maintainers and committers expect of each other",
        outcomes: "A draft proposal for the list, and written rules for repositories.",
        verified: true,
        outcome: "A proposal to move automated mail to its own list went to the development list the week after; the rules for personal repositories are on the wiki.",
        votes: 22,
    },
    Seed {
        title: "VirtIO and Xen",
        contacts: "Daniel Kiper",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "What stands between VirtIO devices and Xen guests today, and which \
            of those problems we could solve together.",
        outcomes: "Notes to feed into the VirtIO specification work.",
        verified: false,
        outcome: "",
        votes: 9,
    },
    Seed {
        title: "Merging PVH into HVM",
        contacts: "Tim Deegan",
        difficulty: "moderate",
        skills: "Hypervisor internals",
        gsoc: "unknown",
        description: "Today PVH is a third kind of guest next to PV and HVM. Treating it as \
            a variant of HVM would remove special cases from the hypervisor. Most of the work \
            is mechanical; I/O handling and CPUID need real design.",
        outcomes: "A plan, and hopefully some code!",
        verified: true,
        outcome: "A design in three steps agreed at the whiteboard; the first patches, which move the PVH start-of-day code onto the HVM paths, are under review.",
        votes: 24,
    },
    Seed {
        title: "Incubation project proposals",
        contacts: "Lars Kurth",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "Two proposals for incubation projects are being drafted: Windows PV \
            drivers, and an automotive / Android effort with mostly user-space driver \
            front-ends. With everyone in one room we can review them and, if they are ready, \
            vote.",
        outcomes: "Reviewed proposals, and a vote if they are ready in time.",
        verified: true,
        outcome: "Both proposals were reviewed; the Windows PV drivers proposal went to a vote and passed.",
        votes: 14,
    },
    Seed {
        title: "Libvirt and Xen working together",
        contacts: "David Scott, Daniel Berrange",
        difficulty: "n/a",
        skills: "libvirt",
        gsoc: "n/a",
        description: "Xen through libvirt should be as pleasant as any other hypervisor on \
            a Linux distribution. Who works on it, what is missing, and what to fix first.",
        outcomes: "Designs and patches to improve the libvirt driver.",
        verified: true,
        outcome: "A list of the ten most wanted driver fixes, each with a volunteer.",
        votes: 12,
    },
    Seed {
        title: "Regression testing QEMU and SeaBIOS upstream",
        contacts: "Konrad Rzeszutek Wilk",
        difficulty: "n/a",
        skills: "Test automation",
        gsoc: "n/a",
        description: "Nobody tracks how upstream QEMU and SeaBIOS behave with Xen, so \
            breakage shows up late. We want automatic tests that tell the upstream author \
            at once.",
        outcomes: "A plan and a roadmap.",
        verified: true,
        outcome: "",
        votes: 11,
    },
    Seed {
        title: "Key-value pairs between Linux guests and Xen",
        contacts: "Konrad Rzeszutek Wilk",
        difficulty: "n/a",
        skills: "Linux kernel, user-space daemons",
        gsoc: "n/a",
        description: "Hyper-V guests tell the host their IP addresses and other keys through \
            a small daemon most distributions already ship. Could the same daemon work on Xen, \
            instead of yet another out-of-tree agent?",
        outcomes: "A plan.",
        verified: false,
        outcome: "",
        votes: 4,
    },
    Seed {
        title: "NFV on Xen",
        contacts: "Joao Martins",
        difficulty: "n/a",
        skills: "Networking",
        gsoc: "n/a",
        description: "Open problems in running network functions on Xen efficiently: fast \
            packet I/O, the network backend, and the optimisations made while building \
            ClickOS. And how to get those changes upstream.",
        outcomes: "Discussion, and a plan for upstreaming.",
        verified: true,
        outcome: "The packet I/O changes are split into five series for upstream; the first two were posted.",
        votes: 10,
    },
    Seed {
        title: "Xen 4.5 roadmap",
        contacts: "Everybody",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "What do we want in the next release?",
        outcomes: "A roadmap.",
        verified: true,
        outcome: "The feature list for 4.5, with an owner for each item, went to the development list.",
        votes: 31,
    },
    Seed {
        title: "Further memory scalability",
        contacts: "Jan Beulich",
        difficulty: "advanced",
        skills: "Hypervisor memory management",
        gsoc: "n/a",
        description: "Xen supports 16 TB of memory, and vendors are building bigger \
            machines. Which ways of going further are worth exploring?",
        outcomes: "The routes worth exploring in depth.",
        verified: true,
        outcome: "",
        votes: 7,
    },
    Seed {
        title: "Docker for driver domains, service VMs and unikernels: can it be done?",
        contacts: "Raised by the community manager, who will take notes but needs a technical lead",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "Docker is two things: containers as a light hypervisor, and images as \
            a way to package, deploy and version applications. The second is what excites \
            people. Its architecture looks much like a Xen host with service and driver \
            domains and unikernels such as Mirage OS, with isolation on top.\n\n\
            Could Docker's deployment tools deploy service domains and unikernels? How tightly \
            are its two halves tied together?",
        outcomes: "Is it feasible? Who is interested? What are the next steps?",
        verified: false,
        outcome: "Feasible for service domains; two volunteers will prototype an image format for unikernels.",
        votes: 13,
    },
    Seed {
        title: "Dealing with the XSA-77 fallout",
        contacts: "Jan Beulich",
        difficulty: "moderate",
        skills: "Hypervisor internals",
        gsoc: "n/a",
        description: "The advisory waived the security side of these issues, but they are \
            still bugs, and not only for disaggregated setups.",
        outcomes: "A group of people willing, and with the time, to help.",
        verified: true,
        outcome: "",
        votes: 6,
    },
    Seed {
        title: "HVM guest ballooning vs PoD",
        contacts: "Jan Beulich",
        difficulty: "intermediate",
        skills: "Ballooning and populate-on-demand",
        gsoc: "n/a",
        description: "How much exactly must an HVM guest balloon down when it starts with \
            populate-on-demand memory?",
        outcomes: "An answer, in words or in code.",
        verified: true,
        outcome: "Answered at the whiteboard: the guest must balloon down to its target before the pool runs dry; a patch to the Linux balloon driver follows.",
        votes: 5,
    },
    Seed {
        title: "EFI + GRUB2 + Xen",
        contacts: "Daniel Kiper",
        difficulty: "intermediate",
        skills: "",
        gsoc: "n/a",
        description: "The open problems of booting Xen from GRUB2 on EFI machines with the \
            multiboot2 protocol, as raised on the development list in March.",
        outcomes: "A plan to solve it.",
        verified: true,
        outcome: "",
        votes: 8,
    },
];

const UPCOMING: [Seed; 8] = [
    Seed {
        title: "Rust in the toolstack: where to start",
        contacts: "Tomás Ruiz",
        difficulty: "intermediate",
        skills: "Rust, C",
        gsoc: "yes",
        description: "Several people have tried Rust bindings for libxl on their own. Let's \
            compare notes and pick one small, self-contained piece of the toolstack to write \
            in Rust first, with the build and packaging questions that come with it.",
        outcomes: "A first piece chosen, and who writes it.",
        verified: true,
        outcome: "",
        votes: 9,
    },
    Seed {
        title: "Confidential guests: AMD SEV-SNP and Intel TDX",
        contacts: "Aiko Tanaka",
        difficulty: "advanced",
        skills: "Hypervisor internals, x86",
        gsoc: "no",
        description: "Guests whose memory the host cannot read need changes in the \
            hypervisor, the toolstack and the guest kernel. What is posted, what is missing, \
            and how attestation fits in.",
        outcomes: "A shared list of the missing pieces, each with an owner.",
        verified: true,
        outcome: "",
        votes: 8,
    },
    Seed {
        title: "Booting Xen on RISC-V boards",
        contacts: "Priya Natarajan",
        difficulty: "advanced",
        skills: "RISC-V, device trees",
        gsoc: "unknown",
        description: "The port boots to a dom0 shell on QEMU. Bring a board: we will try the \
            ones people have and write down what stops each of them.",
        outcomes: "A table of boards and what each one needs.",
        verified: false,
        outcome: "",
        votes: 5,
    },
    Seed {
        title: "A hardware test lab the whole project can use",
        contacts: "Tomás Ruiz",
        difficulty: "n/a",
        skills: "Test automation",
        gsoc: "n/a",
        description: "Patches are tested on the machines their authors own. A shared lab \
            with a few Arm and x86 boxes, booked from the CI, would catch breakage before it \
            is merged. Who can host it, and who looks after it?",
        outcomes: "A host, a budget and a first set of machines.",
        verified: true,
        outcome: "",
        votes: 7,
    },
    Seed {
        title: "MISRA C: the next rules to adopt",
        contacts: "Mira Okafor",
        difficulty: "moderate",
        skills: "C, static analysis",
        gsoc: "n/a",
        description: "The hypervisor follows a growing subset of MISRA C for safety \
            certification. Which rules come next, which deviations we accept, and how the \
            checkers run on every patch.",
        outcomes: "The next batch of rules, agreed.",
        verified: true,
        outcome: "",
        votes: 6,
    },
    Seed {
        title: "Unikernels on Xen, ten years on",
        contacts: "Aiko Tanaka",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "Mirage OS, Unikraft and friends still run best on Xen. What would make \
            building and shipping one as easy as a container image?",
        outcomes: "Discussion, and a wish list for the toolstack.",
        verified: false,
        outcome: "",
        votes: 4,
    },
    Seed {
        title: "Faster live migration with many vCPUs",
        contacts: "Priya Natarajan",
        difficulty: "intermediate",
        skills: "Toolstack, migration stream",
        gsoc: "no",
        description: "Guests with a hundred vCPUs spend seconds paused at the end of a \
            migration. Measure where the time goes, then look at sending dirty pages from \
            several threads.",
        outcomes: "Numbers, and a plan for the first patches.",
        verified: false,
        outcome: "",
        votes: 3,
    },
    Seed {
        title: "Release planning for the next version",
        contacts: "Everybody",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "What goes into the next release, and who is the release manager?",
        outcomes: "A feature list with an owner for each item.",
        verified: true,
        outcome: "",
        votes: 12,
    },
];

/// Writes the archive's topics as the wiki had them, with their votes, outcomes and reviews.
pub async fn archive(
    state: &AppState,
    event_id: i64,
    organiser_id: i64,
    attendees: &[Attendee],
    at: i64,
) -> anyhow::Result<()> {
    let store = state.store.as_ref();
    let fail = |what: &str| anyhow::anyhow!("cannot {what} an archived demo topic");
    let mut ids = Vec::new();
    for (index, seed) in ARCHIVE.iter().enumerate() {
        let fields = seed
            .form()
            .check()
            .map_err(|(field, why)| anyhow::anyhow!("demo topic {}: {field}: {why}", seed.title))?;
        let proposer = attendees[index * 5 % attendees.len()].id;
        let card = store
            .insert_topic(event_id, proposer, &fields, at, topics::announce_created)
            .await?;
        for voter in spread(attendees, index * 3, seed.votes) {
            store
                .update_vote(event_id, card.id, voter, true, at)
                .await?
                .ok_or_else(|| fail("vote for"))?;
        }
        if seed.verified {
            store
                .verify_topic(card.id, Some(organiser_id), at, topics::announce_changed)
                .await?
                .ok_or_else(|| fail("verify"))?;
        }
        if !seed.outcome.is_empty() {
            let draft = OutcomeDraft {
                outcome_md: seed.outcome.into(),
                links: Vec::new(),
            };
            let live = writeups::announce();
            let recorded = store.update_outcome(event_id, card.id, &draft, at, &live);
            if recorded.await? == Updated::Missed {
                return Err(fail("record the outcome of"));
            }
        }
        ids.push((seed.title, card.id, proposer));
    }
    let find = |title: &str| {
        ids.iter()
            .find(|(t, ..)| *t == title)
            .map(|&(_, id, by)| (id, by))
    };
    if let Some((id, proposer)) = find("NFV on Xen") {
        let comment = |author_id, reply_to, body: &str| NewComment {
            subject: Subject::Topic(id),
            author_id,
            reply_to,
            body_md: body.into(),
        };
        let question = comment(
            attendees[2].id,
            None,
            "What is NFV? Please spell acronyms out unless everybody knows them.",
        );
        let question = store
            .insert_comment(&question, at, comments::announce)
            .await?
            .ok_or_else(|| fail("comment on"))?;
        let answer = comment(
            proposer,
            Some(question.id),
            "Network Function Virtualisation: running firewalls, routers and the like as \
             virtual machines instead of dedicated boxes.",
        );
        store
            .insert_comment(&answer, at, comments::announce)
            .await?
            .ok_or_else(|| fail("comment on"))?;
    }
    store
        .publish_votes(event_id, topics::announce_votes)
        .await?;
    Ok(())
}

/// `count` distinct attendees, starting at `from` and wrapping round.
fn spread(attendees: &[Attendee], from: usize, count: usize) -> impl Iterator<Item = i64> + '_ {
    (0..count.min(attendees.len())).map(move |k| attendees[(from + k) % attendees.len()].id)
}

/// Proposes the upcoming event's topics as the demo people, who vote and comment; the
/// returning attendees add their votes.
pub async fn upcoming(
    state: &AppState,
    event_id: i64,
    slug: &str,
    people: &[User],
    attendees: &[Attendee],
    now: i64,
) -> anyhow::Result<()> {
    let fail = |what: &str, error: hackboard_app::error::AppError| {
        anyhow::anyhow!("cannot {what} a demo topic: {error}")
    };
    let person = |index: usize| Some(people[index % people.len()].clone());
    let mut proposed = Vec::new();
    for (index, seed) in UPCOMING.iter().enumerate() {
        let id = topics::propose(state, person(index), slug, &seed.form())
            .await
            .map_err(|e| fail("propose", e))?;
        // Each participant votes for two topics in three.
        for voter in (1..people.len()).filter(|voter| (index + voter) % 3 != 0) {
            topics::vote(state, person(voter), slug, id, true)
                .await
                .map_err(|e| fail("vote for", e))?;
        }
        if seed.verified {
            topics::verify(state, person(0), slug, id, true)
                .await
                .map_err(|e| fail("verify", e))?;
        }
        for voter in spread(attendees, index * 2, seed.votes) {
            state
                .store
                .update_vote(event_id, id, voter, true, now)
                .await?;
        }
        proposed.push((seed.title, id));
    }
    state
        .store
        .publish_votes(event_id, topics::announce_votes)
        .await?;
    let find = |title: &str| {
        proposed
            .iter()
            .find(|(t, _)| *t == title)
            .map(|&(_, id)| id)
    };
    if let Some(id) = find("Rust in the toolstack: where to start") {
        let question = comments::add(
            state,
            person(2),
            slug,
            Subject::Topic(id),
            None,
            "Which piece did you have in mind? The xenstore client library looks small enough.",
        )
        .await
        .map_err(|e| fail("comment on", e))?;
        comments::add(
            state,
            person(1),
            slug,
            Subject::Topic(id),
            Some(question.id),
            "That was my first guess too: it has few callers and good tests to keep us honest.",
        )
        .await
        .map_err(|e| fail("comment on", e))?;
    }
    Ok(())
}
