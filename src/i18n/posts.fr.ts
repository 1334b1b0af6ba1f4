// Textes français des publications : partage, file de modération (clés posts.*).
export const postsFr = {
} as const;
