// English texts of posts: sharing and the moderation queue (keys posts.*), same keys as posts.fr.ts.
export const postsEn = {
  'posts.category.workspace': 'My workspace',
  'posts.category.coding': 'Me coding',
  'posts.category.pairing': 'Pair programming',
  'posts.category.speaking': 'Me speaking',
  'posts.category.event': 'At a meetup or conference',
  'posts.category.quote': 'A tech quote by a woman',
  'posts.category.other': 'Other',
  'posts.credit.name': '— shared by {author}',
  'posts.credit.handle': '— shared by {handle}',
  'posts.credit.anonymous': '— shared by a member of the community',
  'posts.credit.sentBy': 'Sent by {author} (only moderators see this).',
};
