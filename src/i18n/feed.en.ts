// English texts of the daily publication, challenges and figures (keys publish.*, challenge.*, stats.*), same keys as feed.fr.ts.
export const feedEn = {
  // Daily publication
  'publish.dm': 'Your post is live in {channel} 🎉 Thank you for sharing it with the community!',
  'publish.notice.noShowcase':
    '⚠️ Nothing published today: the showcase channel is not set. An admin can pick it in `/marraine admin`.',
  'publish.notice.sameAuthor':
    '⏳ Today’s post is waiting: the only approved posts are by the author of the previous one, and nobody is published twice in a row. A new approval will unblock it.',
  'publish.notice.emptyTomorrow': {
    one: '📭 Tomorrow ({day}), the queue holds only {count} of the {perDay} posts planned. Remember to approve new submissions!',
    other:
      '📭 Tomorrow ({day}), the queue holds only {count} of the {perDay} posts planned. Remember to approve new submissions!',
  },
  'publish.notice.failed':
    '⚠️ The post of {day} could not be sent to the showcase, despite several tries. An admin can resend it from `/marraine admin`.',
  'publish.notice.failedNow':
    '⚠️ A “publish now” post could not be sent to the showcase, despite several tries. An admin can resend it from `/marraine admin`.',
  'publish.error.notInQueue': 'This post is no longer in the queue (published, withdrawn or reopened meanwhile).',
  'publish.error.alreadyPublished': 'This post is already published.',
  'publish.error.own': 'This is your own post: another moderator will handle it.',
  'publish.error.noShowcase': 'The showcase channel is not set: an admin can pick it in `/marraine admin`.',
  'publish.error.pastDay': 'That day has passed: pick today or a day to come.',
  'publish.error.badDay': 'a date like 2026-12-24 or 24/12/2026.',
  'publish.queue.title': 'Publication queue',
  'publish.queue.count': { one: '{count} approved post waiting.', other: '{count} approved posts waiting.' },
  'publish.queue.next': {
    one: 'Next publication: {when} ({count} a day)',
    other: 'Next publication: {when} ({count} a day)',
  },
  'publish.queue.noNext': 'No publication planned for now.',
  'publish.queue.noShowcase': '⚠️ The showcase channel is not set: nothing will be published.',
  'publish.queue.skipped': 'Days without a post: {days}',
  'publish.queue.more': { one: '… and {count} more.', other: '… and {count} more.' },
  'publish.queue.selected': 'Selected: #{position}.',
  'publish.queue.pick': 'Pick a post…',
  'publish.queue.up': 'Move up',
  'publish.queue.top': 'Move to top',
  'publish.queue.publishNow': 'Publish now',
  'publish.queue.skipTomorrow': 'No post tomorrow',
  'publish.queue.skipDate': 'Skip another day…',
  'publish.queue.refresh': 'Refresh',
  'publish.queue.unskip': 'Restore a skipped day…',
  'publish.queue.skipTitle': 'Skip a day',
  'publish.queue.skipSubmit': 'Skip this day',
  'publish.queue.skipField': 'Day without a post',
  'publish.queue.skipHint': 'For example 2026-12-24.',
  'publish.queue.skipDone': 'Nothing will be published on {day}.',
  'publish.queue.unskipDone': 'The post of {day} is back on.',
  'publish.queue.moved': 'Queue updated.',
  'publish.queue.confirm': 'Publish this post now in {channel}? The bot cannot take it back afterwards.',
  'publish.queue.confirmYes': 'Yes, publish',
  'publish.queue.cancel': 'Cancel',
  'publish.queue.published': 'Post sent to the showcase 🎉',
  'field.skipDay': 'Day without a post',

  // Challenges
  'nudges.kind.challenge': 'Challenges from other members',
  'challenge.invite':
    '💜 {challenger} challenges you in {community}: share a “women in tech” photo! Your workspace, you coding, at a meetup… or a tech quote by a woman who inspires you.',
  'challenge.inviteHint':
    'To take up the challenge: the button below, or **/marraine share**. No rush, and you can then challenge someone in turn with **/marraine challenge**.',
  'challenge.shareButton': 'Share a photo',
  'challenge.optOut': 'No more challenges',
  'challenge.answered': '🎉 {challenged} took up your challenge: her post is live! The chain goes on.',
  'challenge.sent': 'Challenge sent to {name} 💜 Her first post will join your chain.',
  'challenge.error.self': 'You cannot challenge yourself 😉 Pick someone else.',
  'challenge.error.bot': 'That is a bot: it cannot take up a challenge. Pick a person.',
  'challenge.error.disabled': 'Challenges are turned off in this community.',
  'challenge.error.unknown':
    'I cannot find {name} in this community. Mention her by typing @ and picking her from the list, then run the command again.',
  'challenge.error.optedOut': '{name} does not wish to receive challenges. Pick someone else.',
  'challenge.error.already': 'You already challenged {name}: she got your invitation.',
  'challenge.error.tooMany': {
    one: 'You already have {count} challenge waiting: wait until it is taken up before sending another.',
    other: 'You already have {count} challenges waiting: wait until one is taken up before sending another.',
  },
  'challenge.chain.title': 'Your challenge chain',
  'challenge.chain.you': 'you',
  'challenge.chain.none':
    'Nobody has challenged you yet, and you have challenged nobody. Start the chain: **/marraine challenge** and a person.',
  'challenge.chain.challenged': 'You challenged:',
  'challenge.chain.legend': '⏳: challenge waiting for her first post',
  'challenge.longest.title': 'The community’s longest chains',
  'challenge.longest.none': 'No chain yet.',
  'challenge.longest.people': { one: '{count} person', other: '{count} people' },

  // Figures
  'stats.posts.title': 'Post figures',
  'stats.posts.byStatus': 'Submissions: {states}',
  'stats.posts.status.pending': { one: '{count} pending', other: '{count} pending' },
  'stats.posts.status.changes_requested': { one: '{count} to change', other: '{count} to change' },
  'stats.posts.status.approved': { one: '{count} approved', other: '{count} approved' },
  'stats.posts.status.published': { one: '{count} published', other: '{count} published' },
  'stats.posts.status.rejected': { one: '{count} rejected', other: '{count} rejected' },
  'stats.posts.status.withdrawn': { one: '{count} withdrawn', other: '{count} withdrawn' },
  'stats.posts.publishedThisMonth': {
    one: '{count} post published this month',
    other: '{count} posts published this month',
  },
  'stats.challenges.longest': 'Longest challenge chains:',

  // Post settings (admin)
  'admin.posts.button': 'Daily posts…',
  'admin.posts.title': 'Daily posts',
  'admin.posts.hour': 'Publication hour: {hour}:00, in the community’s time zone',
  'admin.posts.perDay': { one: '{count} post a day', other: '{count} posts a day' },
  'admin.posts.maxImageMb': { one: 'Images of {count} MB at most', other: 'Images of {count} MB at most' },
  'admin.posts.showName.yes': 'The deciding moderator’s name is shown',
  'admin.posts.showName.no': 'Decisions are signed “the moderators”',
  'admin.posts.hourPlaceholder': 'Publication hour',
  'admin.posts.perDayPlaceholder': 'Posts a day',
  'admin.posts.maxImagePlaceholder': 'Largest image size',
  'admin.posts.showNamePlaceholder': 'Moderator’s name',
  'admin.posts.queue': 'Publication queue',
  'admin.posts.export': 'Export for social media',
  'admin.posts.export.anonymous': 'Anonymous',
  'admin.posts.export.dm': {
    one: 'Here is the export of posts for social media: {count} post whose author agreed to it (CSV, JSON and images).',
    other:
      'Here is the export of posts for social media: {count} posts whose authors agreed to it (CSV, JSON and images).',
  },
  'admin.posts.export.part':
    'Part {part} of {parts} (one message per part, to stay under the size the platform accepts).',
  'admin.posts.export.fileDescription': 'Export of posts',
  'admin.posts.export.sent': {
    one: 'Export ready: {count} post. You will get it in a direct message.',
    other: 'Export ready: {count} posts. You will get it in a direct message.',
  },
};
