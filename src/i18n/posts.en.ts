// English texts of posts: sharing and the moderation queue (keys posts.*), same keys as posts.fr.ts.
export const postsEn = {
};
