// Textes français de la publication quotidienne, des défis et des chiffres (clés publish.*, challenge.*, stats.*).
export const feedFr = {
  // Publication quotidienne
  'publish.dm': 'Ta publication est en ligne dans {channel} 🎉 Merci de la partager avec la communauté !',
  'publish.notice.noShowcase':
    '⚠️ Aucune publication aujourd’hui : le salon vitrine n’est pas défini. Une admin peut le choisir dans `/marraine admin`.',
  'publish.notice.sameAuthor':
    '⏳ La publication du jour attend : les seules publications approuvées sont de l’autrice de la précédente, et personne ne passe deux fois de suite. Une nouvelle approbation la débloquera.',
  'publish.notice.emptyTomorrow': {
    one: '📭 Demain ({day}), la file ne permet que {count} publication sur {perDay} prévues. Pensez à approuver de nouvelles propositions !',
    other:
      '📭 Demain ({day}), la file ne permet que {count} publications sur {perDay} prévues. Pensez à approuver de nouvelles propositions !',
  },
  'publish.notice.failed':
    '⚠️ La publication du {day} n’a pas pu être envoyée dans la vitrine, malgré plusieurs essais. Une admin peut la renvoyer depuis `/marraine admin`.',
  'publish.notice.failedNow':
    '⚠️ Une publication « publier maintenant » n’a pas pu être envoyée dans la vitrine, malgré plusieurs essais. Une admin peut la renvoyer depuis `/marraine admin`.',
  'publish.error.notInQueue': 'Cette publication n’est plus dans la file (publiée, retirée ou rouverte entre-temps).',
  'publish.error.alreadyPublished': 'Cette publication est déjà publiée.',
  'publish.error.own': 'C’est ta propre publication : une autre modératrice s’en occupe.',
  'publish.error.noShowcase': 'Le salon vitrine n’est pas défini : une admin peut le choisir dans `/marraine admin`.',
  'publish.error.pastDay': 'Ce jour est déjà passé : choisis aujourd’hui ou un jour à venir.',
  'publish.error.badDay': 'une date comme 24/12/2026 ou 2026-12-24.',
  'publish.queue.title': 'File de publication',
  'publish.queue.count': {
    one: '{count} publication approuvée attend.',
    other: '{count} publications approuvées attendent.',
  },
  'publish.queue.next': {
    one: 'Prochaine publication : {when} ({count} par jour)',
    other: 'Prochaine publication : {when} ({count} par jour)',
  },
  'publish.queue.noNext': 'Aucune publication prévue pour l’instant.',
  'publish.queue.noShowcase': '⚠️ Le salon vitrine n’est pas défini : rien ne sera publié.',
  'publish.queue.skipped': 'Jours sans publication : {days}',
  'publish.queue.more': { one: '… et {count} autre.', other: '… et {count} autres.' },
  'publish.queue.selected': 'Sélectionnée : n° {position}.',
  'publish.queue.pick': 'Choisir une publication…',
  'publish.queue.up': 'Monter',
  'publish.queue.top': 'Tout en haut',
  'publish.queue.publishNow': 'Publier maintenant',
  'publish.queue.skipTomorrow': 'Pas de publication demain',
  'publish.queue.skipDate': 'Sauter un autre jour…',
  'publish.queue.refresh': 'Actualiser',
  'publish.queue.unskip': 'Rétablir un jour sauté…',
  'publish.queue.skipTitle': 'Sauter un jour',
  'publish.queue.skipSubmit': 'Sauter ce jour',
  'publish.queue.skipField': 'Jour sans publication',
  'publish.queue.skipHint': 'Par exemple 24/12/2026.',
  'publish.queue.skipDone': 'Rien ne sera publié le {day}.',
  'publish.queue.unskipDone': 'La publication du {day} est rétablie.',
  'publish.queue.moved': 'File mise à jour.',
  'publish.queue.confirm':
    'Publier cette publication maintenant dans {channel} ? Elle ne pourra pas être retirée par le bot ensuite.',
  'publish.queue.confirmYes': 'Oui, publier',
  'publish.queue.cancel': 'Annuler',
  'publish.queue.published': 'Publication envoyée dans la vitrine 🎉',
  'field.skipDay': 'Jour sans publication',

  // Défis
  'nudges.kind.challenge': 'Défis d’autres membres',
  'challenge.invite':
    '💜 {challenger} te lance un défi dans {community} : partager une photo « women in tech » ! Ton espace de travail, toi en train de coder, à un meetup… ou une citation tech d’une femme qui t’inspire.',
  'challenge.inviteHint':
    'Pour relever le défi : le bouton ci-dessous, ou **/marraine partager**. Rien ne presse, et tu peux ensuite défier quelqu’une à ton tour avec **/marraine defi**.',
  'challenge.shareButton': 'Partager une photo',
  'challenge.optOut': 'Ne plus recevoir de défis',
  'challenge.answered': '🎉 {challenged} a relevé ton défi : sa publication est en ligne ! La chaîne continue.',
  'challenge.sent': 'Défi envoyé à {name} 💜 Sa première publication rejoindra ta chaîne.',
  'challenge.error.self': 'Tu ne peux pas te défier toi-même 😉 Choisis une autre personne.',
  'challenge.error.bot': 'C’est un bot : il ne pourra pas relever le défi. Choisis une personne.',
  'challenge.error.disabled': 'Les défis sont désactivés dans cette communauté.',
  'challenge.error.unknown':
    'Je ne trouve pas {name} dans cette communauté. Mentionne la personne en tapant @ puis en la choisissant dans la liste, et relance la commande.',
  'challenge.error.optedOut': '{name} ne souhaite pas recevoir de défis. Choisis une autre personne.',
  'challenge.error.already': 'Tu as déjà défié {name} : elle a reçu ton invitation.',
  'challenge.error.tooMany': {
    one: 'Tu as déjà {count} défi en attente : attends qu’il soit relevé avant d’en lancer un autre.',
    other: 'Tu as déjà {count} défis en attente : attends qu’un d’eux soit relevé avant d’en lancer un autre.',
  },
  'challenge.chain.title': 'Ta chaîne de défis',
  'challenge.chain.you': 'toi',
  'challenge.chain.none':
    'Personne ne t’a encore défiée, et tu n’as défié personne. Lance la chaîne : **/marraine defi** et une personne.',
  'challenge.chain.challenged': 'Tu as défié :',
  'challenge.chain.legend': '⏳ : défi en attente de sa première publication',
  'challenge.longest.title': 'Les plus longues chaînes de la communauté',
  'challenge.longest.none': 'Aucune chaîne pour l’instant.',
  'challenge.longest.people': { one: '{count} personne', other: '{count} personnes' },

  // Chiffres
  'stats.posts.title': 'Les chiffres des publications',
  'stats.posts.byStatus': 'Propositions : {states}',
  'stats.posts.status.pending': { one: '{count} en attente', other: '{count} en attente' },
  'stats.posts.status.changes_requested': { one: '{count} à modifier', other: '{count} à modifier' },
  'stats.posts.status.approved': { one: '{count} approuvée', other: '{count} approuvées' },
  'stats.posts.status.published': { one: '{count} publiée', other: '{count} publiées' },
  'stats.posts.status.rejected': { one: '{count} refusée', other: '{count} refusées' },
  'stats.posts.status.withdrawn': { one: '{count} retirée', other: '{count} retirées' },
  'stats.posts.publishedThisMonth': { one: '{count} publication ce mois-ci', other: '{count} publications ce mois-ci' },
  'stats.challenges.longest': 'Plus longues chaînes de défis :',

  // Réglages des publications (admin)
  'admin.posts.button': 'Publications…',
  'admin.posts.title': 'Publications quotidiennes',
  'admin.posts.hour': 'Heure de publication : {hour} h, dans le fuseau de la communauté',
  'admin.posts.perDay': { one: '{count} publication par jour', other: '{count} publications par jour' },
  'admin.posts.maxImageMb': { one: 'Images de {count} Mo au plus', other: 'Images de {count} Mo au plus' },
  'admin.posts.showName.yes': 'Le nom de la modératrice qui décide est montré',
  'admin.posts.showName.no': 'Les décisions sont signées « l’équipe de modération »',
  'admin.posts.hourPlaceholder': 'Heure de publication',
  'admin.posts.perDayPlaceholder': 'Publications par jour',
  'admin.posts.maxImagePlaceholder': 'Taille maximale des images',
  'admin.posts.showNamePlaceholder': 'Nom de la modératrice',
  'admin.posts.queue': 'File de publication',
  'admin.posts.export': 'Exporter pour les réseaux',
  'admin.posts.export.anonymous': 'Anonyme',
  'admin.posts.export.dm': {
    one: 'Voici l’export des publications pour les réseaux sociaux : {count} publication dont l’autrice a accepté cette diffusion (CSV, JSON et images).',
    other:
      'Voici l’export des publications pour les réseaux sociaux : {count} publications dont l’autrice a accepté cette diffusion (CSV, JSON et images).',
  },
  'admin.posts.export.part':
    'Partie {part} sur {parts} (un message par partie, pour rester sous la taille qu’accepte la plateforme).',
  'admin.posts.export.fileDescription': 'Export des publications',
  'admin.posts.export.sent': {
    one: 'Export prêt : {count} publication. Tu le reçois en message privé.',
    other: 'Export prêt : {count} publications. Tu le reçois en message privé.',
  },
} as const;
