"""A short user guide per role. Later capabilities add paragraphs to the role they serve."""

from dataclasses import dataclass, field

from .models import Role


@dataclass
class RoleGuide:
    role: str
    title: str
    summary: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.role


_COMMON = (
    "You sign in with your e-mail address, your password and a code from your authenticator app. "
    "If you do nothing for 30 minutes you are signed out; you are warned 2 minutes before. "
    "Long answers are saved as drafts while you type, so nothing you write is lost if that happens: "
    "sign in again and you will be taken back to the form with your text."
)

# What the review team needs to know about learning: findings, CLEAR recommendations and actions.
_WRITING_LEARNING = (
    "On a review, 'Findings and recommendations' holds what the review learned. A finding is "
    "learning or good practice: give it a title, say what was learned, tag its themes and tick "
    "the evidence behind it (entries of the merged chronology, documents, meeting minutes). "
    "Recommendations follow the CLEAR model: a Case for change, Learning, Evidence, who is "
    "Responsible, and an Outcome to review by a date. Threadline checks each part and shows a "
    "flag next to any that is vague or missing. Change the text, or give a reason and choose "
    "'Save anyway': the reason is kept. A recommendation must name at least one responsible "
    "organisation. If a colleague saved the same finding or recommendation while you were "
    "editing, nothing is overwritten: you see their text and yours side by side, part by part, "
    "and choose which to keep or combine them."
)
_PLANNING_ACTIONS = (
    "The 'Action plan' turns each recommendation into actions: what will be done, whether it is "
    "strategic or operational, the organisation and the person who own it, a due date on a "
    "working day, a success measure and a date to check back that the change has lasted. You "
    "can change an action or remove it with a reason; its updates and evidence are kept. If "
    "someone changed the action while you were editing, your save is stopped and their answer "
    "is shown next to yours, so you can choose before saving again. The review's stages that "
    "record findings, recommendations or the action plan show them from these pages and cannot be "
    "completed without them. Every report or action plan sent to a board carries the plan as it "
    "stood that day, kept with the submission; 'Download the action plan (PDF)' gives it at any time."
)
_OWNING_ACTIONS = (
    "'Your actions' lists the open actions you own, with their due dates; overdue ones are marked. "
    "Open an action to post an update on your progress, move its status on and attach evidence "
    "files (they are checked by what they contain). When you mark it done, the review's chair "
    "or a manager checks the evidence, and later checks back that the change has lasted. You "
    "are e-mailed 5 working days before the due date and on the day. If it is 1 working day "
    "late your organisation's service managers are told, and at 10 working days late the "
    "board of the organisation leading the review is told. Later, record the indicators and "
    "audit results that show whether practice changed, and say what each result shows."
)
_TRACKING_ACTIONS = (
    "'Actions' is the tracker: every action of your organisations and of the reviews you can "
    "see, overdue first. Filter it by board, partnership (what its member agencies own), owning "
    "organisation, owner, review, theme or "
    "status, and download what you see as an Excel file. 'Overdue and escalated actions' lists "
    "the open actions past their due date, how many working days late each is and whether it "
    "has been escalated to service managers or the board. 'Embedding the learning' shows, review "
    "by review, the indicators and audit results recorded against the actions, how each moved "
    "and whether practice changed, and names any action checked back without a measure."
)

GUIDES: list[RoleGuide] = [
    RoleGuide(
        Role.PRACTITIONER,
        "Practitioners and case managers",
        "You notify serious incidents and contribute chronology entries and reflections.",
        [
            _COMMON,
            "Your home page lists what needs your attention in the reviews you take part in.",
            "To notify a serious incident, choose 'Incidents', then 'Notify an incident'. Each page "
            "asks one thing: the process the incident follows, the child, what you know about them, "
            "their status with the service, when it happened and when the service became aware, the "
            "category and the criterion it meets, what happened and what was done to keep people "
            "safe, and who else has been told. Your answers are kept as you go, so you can stop and "
            "come back. Check your answers, then notify: the incident gets a reference like "
            "TL-2025-00012 and its deadlines start, counted in working days.",
            "If the same child already has an incident within a few days of yours, you are shown it "
            "before anything is saved. If it is the same incident, go to it instead: one incident, "
            "one record.",
            "The child's name, date of birth and identifiers are encrypted and kept apart. Everywhere "
            "else the child is a pseudonym such as 'Child A'. On the incident page, 'Show the child's "
            "identifying details' shows them; each look is recorded in the audit log.",
            _OWNING_ACTIONS,
        ],
    ),
    RoleGuide(
        Role.SERVICE_MANAGER,
        "Service managers and heads of service",
        "You chair initial reviews, decide whether a full review is needed, and own actions.",
        [
            _COMMON,
            "You can see the people of the organisations you manage, and search and export the "
            "audit log for those organisations from 'Audit log'.",
            "Your home page lists the deadlines of the next 10 working days and the overdue ones, "
            "for the stages your role completes, and the incidents the rules found not eligible "
            "for a review. On an incident's page, 'Override' records your eligibility decision "
            "with its rationale.",
            "The incident page shows every deadline: when it is due, how many working days are "
            "left or how late it is. From there you record a stage as done, the date of the "
            "decision to review and the planned publication date (later deadlines run from them), "
            "pause the clock (criminal proceedings, an inquest) and resume it, and record a delay "
            "with its reason and revised date. The original date is never erased.",
            _WRITING_LEARNING,
            _PLANNING_ACTIONS,
            _OWNING_ACTIONS,
            _TRACKING_ACTIONS,
            "You can post updates on any action your organisation owns. An overdue action of "
            "your organisation is e-mailed to you once it is 1 working day late: chase the owner, "
            "or change the due date with the review team if it has to move.",
        ],
    ),
    RoleGuide(
        Role.REVIEW_CHAIR,
        "Review chairs",
        "You lead a review's team and decisions and decide who else takes part in it.",
        [
            _COMMON,
            "A review starts from an eligible incident: under 'Reviews', 'Start a review' (you or a "
            "service manager of the lead organisation). Everyone the incident is shared with takes "
            "part. The review's page lists its stages as a task list, each with its status, its "
            "deadline and who completes it. A stage's page asks what the process says it records; "
            "it saves drafts as you type, and if someone else saved it while you were editing you "
            "see their text beside yours and choose or combine. Decisions are recorded with their "
            "outcome, rationale, date and decision makers. 'Mark as complete' names anything still "
            "missing; the next deadline runs from the date you give. Only you (or a service manager) "
            "can reopen a completed stage, with a reason that is kept.",
            "Some of what a stage asks for has a page of its own, linked from the review: the "
            "terms of reference and method, the review team and the agencies involved, meetings and "
            "events, the family and the child, governance and sign-off. The stage shows what is "
            "recorded there and is complete only once it is.",
            "On 'Review team and agencies involved', list the agencies that worked with the child, "
            "then the team. Threadline warns when a lead reviewer or quality assurer belongs to an "
            "involved agency, or someone line-managed the case: they declare the conflict, and you "
            "record how it is handled. The team is settled when everyone has declared.",
            "The terms of reference keep every version: compare any two, and record which version "
            "was agreed, by whom and when. Changes after that show as not yet agreed.",
            _WRITING_LEARNING,
            _PLANNING_ACTIONS,
            "When an owner marks an action done, check the evidence on the action's page and "
            "confirm it; on the check-back date, record whether the change has lasted.",
            _TRACKING_ACTIONS,
        ],
    ),
    RoleGuide(
        Role.REVIEWER,
        "Reviewers",
        "You gather the evidence, analyse the chronologies and write the findings.",
        [
            _COMMON,
            "Under 'Reviews', open a review and a stage from its task list to record what the stage "
            "needs, including the nine areas to consider in a youth justice learning review. Your "
            "text is saved as a draft while you type. If a colleague saved the stage while you were "
            "editing, nothing is overwritten: you see their text and yours side by side and choose "
            "which to keep or combine them. Your home page lists the stages your role completes.",
            "If you are on a review's team, declare your independence on 'Review team and agencies "
            "involved'. Supporting documents (PDF, Word, Excel, images up to 20 MB) go on the "
            "review's 'Documents' page; each download is recorded.",
            "'Merged chronology' puts every agency's submitted entries in date order (filter by "
            "agency, period and significance). Gaps with no contact from any agency longer than the "
            "length you set are shown; possible same events reported by two agencies are suggested "
            "for you to confirm or reject (never merged silently); mark key practice episodes and "
            "add your analysis, which stays apart from the agencies' facts. The timeline draws it "
            "with a lane per agency, and it can be exported to Excel, Word or PDF.",
            _WRITING_LEARNING,
            _PLANNING_ACTIONS,
        ],
    ),
    RoleGuide(
        Role.TEAM_MEMBER,
        "Review team members",
        "You contribute to the review your chair has added you to.",
        [
            _COMMON,
            "Declare your independence on the review's 'Review team and agencies involved' page, "
            "saying in your own words any conflict of interest. You can write the stages and the "
            "terms of reference, take minutes, and add supporting documents.",
            _WRITING_LEARNING,
        ],
    ),
    RoleGuide(
        Role.REVIEW_ADMINISTRATOR,
        "Review administrators",
        "You arrange meetings, request chronologies and keep the record in order.",
        [
            _COMMON,
            "'Meetings and events' on a review: arrange a panel, learning event, practitioner event, "
            "team meeting or board meeting, invite the team and anyone else by e-mail, and each "
            "invitee receives a calendar invitation. Moving a meeting updates their calendar; "
            "cancelling removes it. Invitations never name the child. Agenda, minutes, decisions "
            "and actions arising are saved with a version: if a colleague saved them while you "
            "were typing you choose or combine the two texts.",
            "You keep the review team's list up to date and send the review's reports and decisions "
            "to the boards on 'Governance and sign-off'.",
            "'Chronologies asked of the agencies' on a review: ask each agency involved for its "
            "chronology of a period (by default the three years before the incident), with a due "
            "date counted in working days. You see which have answered, and can change a due date "
            "or withdraw a request with its reason.",
            _PLANNING_ACTIONS,
        ],
    ),
    RoleGuide(
        Role.QUALITY_ASSURER,
        "Quality assurers",
        "You scrutinise a report independently before it is signed off.",
        [
            _COMMON,
            "Declare your independence on the review's team page. If your organisation worked with "
            "the child, or you managed the case, Threadline asks you to declare the conflict and the "
            "chair records how it is handled.",
            "You may confirm an action's evidence and record its check-back, on the action's page, "
            "for the reviews your organisation leads.",
        ],
    ),
    RoleGuide(
        Role.PARTNER_AGENCY_LEAD,
        "Partner agency leads",
        "You supply your agency's chronology and own and evidence your agency's actions.",
        [
            _COMMON,
            "Add your agency's supporting documents to a review on its 'Documents' page: PDF, "
            "Word, Excel or images up to 20 MB. A file is checked by what it contains, not its name.",
            "When a review asks your agency for its chronology, your home page lists it with its due "
            "date (you are reminded two working days before, and if it is missed). Open it to add "
            "entries one by one, or import them from a CSV, Excel or Word file made from the template "
            "on the import page: the file is checked row by row first, and if any row has a problem "
            "nothing is imported until the file is corrected. Importing the same file again adds "
            "nothing twice. Keep what happened (the facts) apart from your professional opinion: "
            "each has its own column.",
            "Submit the chronology when it is complete: it is then locked. To change it, 'Make "
            "changes' opens a new version; the review sees what changed between versions.",
            _OWNING_ACTIONS,
            "You can post updates and evidence on any action your agency owns, not only your own.",
        ],
    ),
    RoleGuide(
        Role.GOVERNANCE_BOARD_MEMBER,
        "Governance board members",
        "You receive reports, sign them off and monitor actions across reviews.",
        [
            _COMMON,
            "Your home page lists what is awaiting your board. On a review's 'Governance and "
            "sign-off' page, record the board's outcome: signed off (by whom, when), noted, or "
            "returned with what must change; a returned item comes back as a new submission.",
            _TRACKING_ACTIONS,
            "Your board is e-mailed when an action of a review it leads is 10 working days late, "
            "and once a month receives a digest of its overdue actions.",
        ],
    ),
    RoleGuide(
        Role.NATIONAL_BODY_READER,
        "National body readers",
        "You receive notifications and reports and see the national learning picture. "
        "Your access is read-only and every view is recorded.",
        [_COMMON],
    ),
    RoleGuide(
        Role.FAMILY_LIAISON,
        "Family liaison",
        "You record the family's and the child's views, contacts and feedback.",
        [
            _COMMON,
            "On a review's 'The family and the child' page: the liaison strategy, every contact "
            "(who, when, how, what they said), the child's and the family's views in their own "
            "words, consents given, refused or withdrawn (the latest stands), and the family's "
            "feedback on the draft report with what the review did with it. Only family liaison, "
            "chairs, reviewers and service managers can see this page, every look is recorded, and "
            "the words are encrypted.",
        ],
    ),
    RoleGuide(
        Role.SYSTEM_ADMINISTRATOR,
        "System administrators",
        "You manage organisations, people and their roles, and read the whole audit log.",
        [
            _COMMON,
            "Add an organisation from 'Organisations'. A safeguarding partnership or child protection "
            "committee can list its member organisations.",
            "Add a person from 'People': they receive an e-mail with a link to choose a password, "
            "then set up two-factor sign-in the first time they sign in. Give each person the roles "
            "they hold in each organisation. Deactivating a person signs them out everywhere at once.",
            "System administrators do not see case records unless their own organisation takes part.",
            "When one incident has been notified twice, 'Merge duplicate incidents' on the "
            "'Incidents' page folds the duplicate into the incident that stays: enter both "
            "references, check the two summaries, then merge. Nothing is deleted, and the merge is "
            "in the audit log of both.",
            "'Frameworks' holds the processes reviews follow: the five built-in frameworks, each "
            "with its stages in order, what each stage records, who completes it and its deadline. "
            "A review keeps the version it started on, so a published version never changes. To "
            "change a framework, open its published version and choose 'Make a new version': change, "
            "add, remove or reorder the stages of that draft, then publish it. You can choose to stop "
            "new reviews starting on the older version; reviews already on it carry on unchanged.",
            "'Bank holidays' shows each nation's calendar: deadlines count working days on the "
            "calendar of the nation where the lead organisation is, and England and Wales share one. "
            "When a bank holiday is announced late, or a substitute day is given, add it there as a "
            "non-working day for that nation; every deadline on that calendar skips it from then on. "
            "'Check a deadline' on the same page counts working days from a date, so you can see "
            "what a deadline will be.",
            "Findings are tagged with themes. The 'Themes' page (/learning/themes/) lists them "
            "with how many findings use each: add a theme, rename one, or retire one that is no "
            "longer needed. A retired theme is not offered for new findings; findings already "
            "tagged keep it.",
        ],
    ),
]
