// Textes français des données des membres : export, effacement, consentement, journal (clés data.*, audit.*).
export const privacyFr = {
  'data.panel.title': 'Tes données dans cette communauté',
  'data.panel.text':
    'Tu peux recevoir en message privé tout ce que Marraine garde sur toi (un fichier JSON, et tes images dans un zip), ou tout effacer. L’effacement supprime ton profil, tes textes, tes images, ton nom et ton identifiant ; ce qui doit rester pour les chiffres (un binôme a existé, une publication a paru) reste sans aucun lien avec toi. Il ne peut pas être annulé, même par les admins.',
  'data.panel.export': 'Recevoir mes données',
  'data.panel.delete': 'Effacer mes données',
  'data.panel.deleteAndPosts': 'Effacer mes données et retirer mes publications',
  'data.export.sent': 'C’est parti : tes données arrivent en message privé ({records} éléments, {images} image(s)).',
  'data.export.dm':
    'Voici tout ce que Marraine garde sur toi dans cette communauté : {records} éléments dans le fichier JSON (chaque partie y est expliquée en français et en anglais) ; images dans le zip : {images}.',
  'data.export.jsonDescription': 'Tes données, en JSON',
  'data.export.imagesPart':
    'La suite de tes images : partie {part} sur {parts} (en plusieurs messages, pour rester sous la taille qu’accepte la plateforme).',
  'data.export.zipDescription': 'Tes images',
  'data.export.about':
    'Tout ce que Marraine garde sur toi dans cette communauté, table par table. Les identifiants (id) relient les éléments entre eux ; « member_id », « mentee_id », « author_id »… valent ton identifiant quand l’élément te concerne.',
  'data.section.members':
    'Ta fiche de membre : ton identifiant sur la plateforme, ton nom affiché, ta langue, ton fuseau horaire, tes heures calmes et tes réglages de rappels.',
  'data.section.profiles':
    'Tes réponses au questionnaire (rôle, situation, domaines, technos, région, bio…), la version du questionnaire et de ton consentement.',
  'data.section.mentorship_requests':
    'Les demandes de marrainage que tu as envoyées ou reçues, avec ton message et les réponses.',
  'data.section.pairs': 'Tes binômes (marraine et filleule) : début, fin, prolongations.',
  'data.section.check_ins': 'Les points d’étape de tes binômes (« avez-vous pu vous voir ? ») et les réponses.',
  'data.section.program_feedback': 'Ton avis de fin de programme.',
  'data.section.blocks': 'Les personnes que tu as bloquées, ou qui t’ont bloquée, pour les suggestions.',
  'data.section.featured_suggestions':
    'Les suggestions mises en avant pour toi (ou te proposant) lors des tours de marrainage.',
  'data.section.cohort_rounds': 'Les tours de marrainage que tu as lancés (admin).',
  'data.section.posted_requests': 'Tes demandes publiées dans le salon de marrainage, avec ta note.',
  'data.section.submissions':
    'Tes publications « women in tech » (légende, crédit, état de modération), et celles que tu as modérées.',
  'data.section.submission_drafts': 'Ce que tu avais tapé dans « share » sans pouvoir l’enregistrer.',
  'data.section.publication_skips': 'Les jours sans publication que tu as choisis (modération).',
  'data.section.challenges': 'Les défis que tu as lancés ou reçus.',
  'data.section.circle_requests': 'Tes inscriptions sur la liste d’attente des cercles.',
  'data.section.circle_members': 'Tes passages dans les cercles : arrivée et départ.',
  'data.section.circles': 'Les cercles dont tu as fait partie.',
  'data.section.events': 'Les événements auxquels tu t’es inscrite, ou que tu as créés.',
  'data.section.event_participants': 'Tes inscriptions aux événements et ton groupe.',
  'data.section.regions': 'Les régions dont tu es déléguée.',
  'data.section.community_reminders': 'Les rappels de communauté que tu as créés (admin).',
  'data.section.communities': 'Les réglages de la communauté qui te nomment (modératrice ou admin).',
  'data.section.audit_logs': 'Le journal des décisions qui te concernent : qui a fait quoi, et quand.',
  'data.section.outbox_messages': 'Les messages que Marraine t’a envoyés, ou qui parlent de toi.',
  'data.section.other': 'D’autres éléments qui te concernent.',
  'data.delete.title': 'Effacer mes données',
  'data.delete.confirmLabel': 'Tape {word} pour confirmer',
  'data.delete.confirmHint': 'L’effacement est définitif : personne ne pourra le défaire.',
  'data.delete.word': 'SUPPRIMER',
  'data.delete.wrong': 'Rien n’a été effacé : pour confirmer, tape exactement {word} dans le champ.',
  'data.delete.done':
    'Tes données sont effacées de cette communauté. Ce qui reste pour les chiffres n’a plus aucun lien avec toi. Merci d’avoir fait partie de l’aventure 💜',
  'data.delete.donePosts': 'Tes publications sont aussi retirées du salon vitrine ({count}).',
  'data.delete.nothing': 'Marraine ne garde rien sur toi dans cette communauté : il n’y a rien à effacer.',
  'data.partnerLeft.pair':
    'Ta binôme (depuis le {since}) a quitté Marraine et a demandé l’effacement de ses données : votre binôme est clos. Merci pour tout ce que tu lui as apporté 💜 Tu peux retrouver d’autres personnes avec /marraine mentors ou /marraine requests.',
  'data.partnerLeft.request':
    'Une demande de marrainage qui t’attendait est close : la personne a quitté Marraine. Merci de ta bienveillance 💜',
  'data.postClosed': 'Cette demande est close.',
  'data.postRemoved': 'Cette publication a été retirée à la demande de son autrice.',

  'profile.consent.withdraw': 'Retirer mon consentement',
  'profile.consent.withdrawConfirm':
    'Sans ton consentement, Marraine ne montre plus tes réponses à personne et ton profil est mis en pause. Tu pourras recevoir tes données ou les effacer juste après.',
  'profile.consent.withdrawYes': 'Retirer mon consentement',
  'profile.consent.withdrawn':
    'Ton consentement est retiré : tes réponses ne sont plus montrées et ton profil est en pause. Tu peux maintenant recevoir tes données ou les effacer.',

  'admin.audit.button': 'Journal',
  'admin.audit.title': 'Les dernières décisions',
  'admin.audit.empty': 'Le journal est vide.',
  'admin.audit.line': '{at} · {actor} · {action}{target}',
  'admin.audit.bot': 'Marraine',
  'admin.audit.deleted': 'membre supprimée',
  'admin.audit.export': 'Exporter le journal (CSV)',
  'admin.audit.exported': 'Le journal ({count} lignes) arrive en message privé.',
  'admin.audit.dm': 'Le journal des décisions de la communauté : {count} lignes, au format CSV.',
  'admin.audit.fileDescription': 'Le journal des décisions (CSV)',
  'admin.retention.days': 'Conserver {days} jours après un départ',
  'admin.retention.label': 'Conservation après un départ (jours)',
} as const;
