/** A typed word as we compare it: lower case, without accents ("Défi" → "defi", "données" → "donnees"). */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
