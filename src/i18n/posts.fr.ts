// Textes français des publications : partage, file de modération (clés posts.*).
export const postsFr = {
  'posts.category.workspace': 'Mon espace de travail',
  'posts.category.coding': 'Moi en train de coder',
  'posts.category.pairing': 'En pair programming',
  'posts.category.speaking': 'Moi en train de parler en public',
  'posts.category.event': 'À un meetup ou une conférence',
  'posts.category.quote': 'Une citation tech d’une femme',
  'posts.category.other': 'Autre',
  'posts.credit.name': '— partagé par {author}',
  'posts.credit.handle': '— partagé par {handle}',
  'posts.credit.anonymous': '— partagé par une membre de la communauté',
  'posts.credit.sentBy': 'Envoyé par {author} (seules les modératrices le voient).',
} as const;
