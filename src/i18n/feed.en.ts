// English texts of the daily publication, challenges and figures (keys publish.*, challenge.*, stats.*), same keys as feed.fr.ts.
export const feedEn = {
};
