// Textes français de la publication quotidienne, des défis et des chiffres (clés publish.*, challenge.*, stats.*).
export const feedFr = {
} as const;
