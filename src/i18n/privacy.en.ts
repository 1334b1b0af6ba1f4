// English texts of members' data: export, erasure, consent, audit log (keys data.*, audit.*), same keys as privacy.fr.ts.
export const privacyEn = {
  'data.panel.title': 'Your data in this community',
  'data.panel.text':
    'You can receive by DM everything Marraine keeps about you (a JSON file, and your images in a zip), or erase it all. Erasing removes your profile, your texts, your images, your name and your id; what must remain for counts (a pair existed, a post was published) stays with no link to you. It cannot be undone, not even by admins.',
  'data.panel.export': 'Send me my data',
  'data.panel.delete': 'Erase my data',
  'data.panel.deleteAndPosts': 'Erase my data and remove my posts',
  'data.export.sent': 'On its way: your data arrives by DM ({records} records, {images} image(s)).',
  'data.export.dm':
    'Here is everything Marraine keeps about you in this community: {records} records in the JSON file (each part explained in French and English); images in the zip: {images}.',
  'data.export.jsonDescription': 'Your data, as JSON',
  'data.export.imagesPart':
    'More of your images: part {part} of {parts} (in several messages, to stay under the size the platform accepts).',
  'data.export.zipDescription': 'Your images',
  'data.export.about':
    'Everything Marraine keeps about you in this community, table by table. Ids link the records together; "member_id", "mentee_id", "author_id"… hold your id when the record concerns you.',
  'data.section.members':
    'Your member record: your platform id, display name, language, time zone, quiet hours and reminder settings.',
  'data.section.profiles':
    'Your answers to the questionnaire (role, situation, domains, stacks, region, bio…), the questionnaire and consent versions.',
  'data.section.mentorship_requests': 'The mentoring requests you sent or received, with your message and the answers.',
  'data.section.pairs': 'Your pairs (mentor and mentee): start, end, extensions.',
  'data.section.check_ins': 'Your pairs’ check-ins ("did you manage to meet?") and the answers.',
  'data.section.program_feedback': 'Your end-of-program feedback.',
  'data.section.blocks': 'The people you blocked, or who blocked you, for suggestions.',
  'data.section.featured_suggestions': 'Suggestions featured for you (or suggesting you) in cohort rounds.',
  'data.section.cohort_rounds': 'The cohort rounds you started (admin).',
  'data.section.posted_requests': 'Your requests posted in the matching channel, with your note.',
  'data.section.submissions':
    'Your "women in tech" posts (caption, credit, moderation state), and the ones you moderated.',
  'data.section.submission_drafts': 'What you typed in "share" that could not be saved.',
  'data.section.publication_skips': 'The days without a post you chose (moderation).',
  'data.section.challenges': 'The challenges you sent or received.',
  'data.section.circle_requests': 'Your places on the circles’ waiting list.',
  'data.section.circle_members': 'Your time in circles: when you joined and left.',
  'data.section.circles': 'The circles you were part of.',
  'data.section.events': 'The events you registered for, or created.',
  'data.section.event_participants': 'Your event registrations and your group.',
  'data.section.regions': 'The regions you are the delegate of.',
  'data.section.community_reminders': 'The community reminders you created (admin).',
  'data.section.communities': 'The community settings that name you (moderator or admin).',
  'data.section.audit_logs': 'The log of decisions about you: who did what, and when.',
  'data.section.outbox_messages': 'The messages Marraine sent you, or that are about you.',
  'data.section.other': 'Other records about you.',
  'data.delete.title': 'Erase my data',
  'data.delete.confirmLabel': 'Type {word} to confirm',
  'data.delete.confirmHint': 'Erasing is final: nobody can undo it.',
  'data.delete.word': 'DELETE',
  'data.delete.wrong': 'Nothing was erased: to confirm, type exactly {word} in the field.',
  'data.delete.done':
    'Your data is erased from this community. What remains for counts has no link to you anymore. Thank you for being part of it 💜',
  'data.delete.donePosts': 'Your posts are removed from the showcase channel too ({count}).',
  'data.delete.nothing': 'Marraine keeps nothing about you in this community: there is nothing to erase.',
  'data.partnerLeft.pair':
    'Your partner (since {since}) left Marraine and asked for her data to be erased: your pair is closed. Thank you for all you gave her 💜 You can meet other people with /marraine mentors or /marraine requests.',
  'data.partnerLeft.request':
    'A mentoring request waiting for you is closed: the person left Marraine. Thank you for your kindness 💜',
  'data.postClosed': 'This request is closed.',
  'data.postRemoved': 'This post was removed at its author’s request.',

  'profile.consent.withdraw': 'Withdraw my consent',
  'profile.consent.withdrawConfirm':
    'Without your consent, Marraine shows your answers to nobody and your profile is paused. You can then receive your data or erase it.',
  'profile.consent.withdrawYes': 'Withdraw my consent',
  'profile.consent.withdrawn':
    'Your consent is withdrawn: your answers are no longer shown and your profile is paused. You can now receive your data or erase it.',

  'admin.audit.button': 'Audit log',
  'admin.audit.title': 'The latest decisions',
  'admin.audit.empty': 'The log is empty.',
  'admin.audit.line': '{at} · {actor} · {action}{target}',
  'admin.audit.bot': 'Marraine',
  'admin.audit.deleted': 'deleted member',
  'admin.audit.export': 'Export the log (CSV)',
  'admin.audit.exported': 'The log ({count} lines) arrives by DM.',
  'admin.audit.dm': 'The community’s decision log: {count} lines, as CSV.',
  'admin.audit.fileDescription': 'The decision log (CSV)',
  'admin.retention.days': 'Keep {days} days after leaving',
  'admin.retention.label': 'Kept after leaving (days)',
};
