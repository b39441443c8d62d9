//! The demo board: the topics of the 2014 wiki page, described in our own words, proposed by
//! the demo people, with a few votes and the peer review the wiki had ("What is NFV?").
use hackboard_app::model::{Subject, TopicForm, User};
use hackboard_app::server::{comments, topics, AppState};

struct Seed {
    title: &'static str,
    contacts: &'static str,
    difficulty: &'static str,
    skills: &'static str,
    gsoc: &'static str,
    description: &'static str,
    outcomes: &'static str,
    /// Index into the demo people.
    proposer: usize,
    voters: &'static [usize],
}

const SEEDS: [Seed; 14] = [
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
        proposer: 0,
        voters: &[1, 2, 3],
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
        proposer: 1,
        voters: &[1, 3],
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
        proposer: 2,
        voters: &[0, 1, 2, 3],
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
        proposer: 0,
        voters: &[2],
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
        proposer: 3,
        voters: &[1, 3],
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
        proposer: 1,
        voters: &[2, 3],
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
        proposer: 2,
        voters: &[],
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
        proposer: 1,
        voters: &[1, 2],
    },
    Seed {
        title: "Xen 4.5 roadmap",
        contacts: "Everybody",
        difficulty: "n/a",
        skills: "",
        gsoc: "n/a",
        description: "What do we want in the next release?",
        outcomes: "A roadmap.",
        proposer: 0,
        voters: &[0, 1, 2, 3],
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
        proposer: 3,
        voters: &[2],
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
        proposer: 0,
        voters: &[1, 3],
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
        proposer: 3,
        voters: &[0, 2],
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
        proposer: 3,
        voters: &[1],
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
        proposer: 1,
        voters: &[0, 1],
    },
];

/// Proposes the seeds on the upcoming event as the demo people, then votes and comments.
pub async fn load(state: &AppState, people: &[User]) -> anyhow::Result<()> {
    let slug = super::upcoming(chrono::Utc::now().date_naive()).slug;
    let fail = |what: &str, error: hackboard_app::error::AppError| {
        anyhow::anyhow!("cannot {what} a demo topic: {error}")
    };
    let person = |index: usize| Some(people[index % people.len()].clone());
    let mut proposed = Vec::new();
    for seed in &SEEDS {
        let form = TopicForm {
            title: seed.title.into(),
            description_md: seed.description.into(),
            outcomes_md: seed.outcomes.into(),
            contacts: seed.contacts.into(),
            mailing_list: "xen-devel@lists.xenproject.org".into(),
            chat_channel: "#xen-devel on Libera.Chat".into(),
            difficulty: seed.difficulty.into(),
            skills: seed.skills.into(),
            gsoc: seed.gsoc.into(),
        };
        let id = topics::propose(state, person(seed.proposer), &slug, &form)
            .await
            .map_err(|e| fail("propose", e))?;
        for &voter in seed.voters {
            topics::vote(state, person(voter), &slug, id, true)
                .await
                .map_err(|e| fail("vote for", e))?;
        }
        proposed.push((seed.title, id, seed.proposer));
    }
    let find = |title: &str| {
        proposed
            .iter()
            .find(|(t, ..)| *t == title)
            .map(|&(_, id, by)| (id, by))
    };
    if let Some((id, _)) = find("Merging PVH into HVM") {
        comments::add(
            state,
            person(3),
            &slug,
            Subject::Topic(id),
            None,
            "Happy to help with the CPUID part. Is there a branch to start from?",
        )
        .await
        .map_err(|e| fail("comment on", e))?;
    }
    if let Some((id, proposer)) = find("NFV on Xen") {
        let question = comments::add(
            state,
            person(2),
            &slug,
            Subject::Topic(id),
            None,
            "What is NFV? Please spell acronyms out unless everybody knows them.",
        )
        .await
        .map_err(|e| fail("comment on", e))?;
        comments::add(
            state,
            person(proposer),
            &slug,
            Subject::Topic(id),
            Some(question.id),
            "Network Function Virtualisation: running firewalls, routers and the like as \
             virtual machines instead of dedicated boxes.",
        )
        .await
        .map_err(|e| fail("comment on", e))?;
    }
    Ok(())
}
