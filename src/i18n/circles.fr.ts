// Textes français des cercles de pairs, des événements et des régions (clés circle.*, event.*, region.*, admin.circles.*, admin.events.*, admin.event.*, admin.groups.*, admin.regions.*).
export const circlesFr = {
  // /marraine cercle
  'circle.intro.title': 'Les cercles de pairs',
  'circle.intro.body':
    'Un cercle, c’est 3 ou 4 personnes qui parlent la même langue et vivent, autant que possible, la même situation (reconversion, études, retour après une pause…), dans la même région ou à distance, avec des domaines en commun. Vous vous soutenez entre vous, dans un espace privé, à votre rythme.',
  'circle.join.button': 'Rejoindre un cercle',
  'circle.join.waiting':
    'C’est noté : tu es sur la liste d’attente. Je forme ton cercle dès qu’assez de personnes comme toi attendent, et je te préviens par message privé 💜',
  'circle.join.already': 'Tu es déjà sur la liste d’attente.',
  'circle.join.placed':
    'Ton cercle est formé : bienvenue dans le cercle {number} 💜 Votre espace privé arrive dans un instant.',
  'circle.waiting.since': {
    one: 'Tu attends un cercle depuis le {date} ({count} personne en attente en tout). Je te préviens dès qu’il est formé.',
    other:
      'Tu attends un cercle depuis le {date} ({count} personnes en attente en tout). Je te préviens dès qu’il est formé.',
  },
  'circle.withdraw.button': 'Quitter la liste d’attente',
  'circle.withdraw.done': 'Tu n’es plus sur la liste d’attente des cercles.',
  'circle.show.title': 'Ton cercle : le cercle {number}',
  'circle.show.since': 'Formé le {date}',
  'circle.show.with': 'Avec : {members}',
  'circle.show.nobody': 'personne pour l’instant',
  'circle.show.shared': 'Vous partagez : {shared}',
  'circle.show.space': 'Votre espace : {space}',
  'circle.leave.button': 'Quitter mon cercle',
  'circle.leave.confirm':
    'Quitter ton cercle ? Les autres seront prévenues ; s’il reste moins de trois personnes, je leur proposerai une nouvelle venue ou de rejoindre un autre cercle.',
  'circle.leave.yes': 'Oui, quitter le cercle',
  'circle.leave.no': 'Non, rester',
  'circle.leave.done': 'Tu as quitté le cercle {number}. Tu peux en rejoindre un autre quand tu veux.',
  'circle.events.title': 'Tes événements',
  'circle.events.asMentor': 'marraine',
  'circle.events.group': 'groupe {number}',
  'circle.events.registered': 'inscrite',

  // Ce qu’ils partagent
  'circle.shared.remote': 'à distance',
  'circle.shared.language': 'la même langue ({language})',

  // L’espace du cercle
  'circle.spaceName': 'Cercle {number}',
  'circle.welcome.new':
    '**Bienvenue dans le cercle {number} !** 💜 {members}, vous voici réunies dans un cercle de pairs : un espace à vous pour vous soutenir entre vous.',
  'circle.welcome.newcomer':
    '**Le cercle {number} s’agrandit** 💜 Bienvenue à celle qui arrive ! Vous voici : {members}. Votre cercle continue ici.',
  'circle.welcome.merged':
    '**Deux cercles se rejoignent : voici le cercle {number}** 💜 Vous voici : {members}. Votre cercle continue ici.',
  'circle.welcome.continues':
    '**Le cercle {number} continue ici** 💜 Une personne est partie ; vous voici : {members}.',
  'circle.welcome.shared': 'Vous partagez : {shared}.',
  'circle.welcome.startersTitle': 'Pour lancer la conversation',
  'circle.welcome.rhythm':
    'Je vous proposerai un point toutes les {weeks} semaines. /marraine cercle pour retrouver votre cercle.',
  'circle.starter.1': 'Présentez-vous en trois phrases : où vous en êtes, ce qui vous occupe en ce moment.',
  'circle.starter.2': 'Qu’est-ce qui vous a donné envie de rejoindre un cercle ?',
  'circle.starter.3': 'Choisissez un premier moment pour vous retrouver : une visio d’une heure suffit.',
  'circle.starter.4': 'Une petite victoire de ces dernières semaines, même minuscule ?',
  'circle.starter.5': 'Sur quoi aimeriez-vous un coup de main ou un avis des autres ?',
  'circle.starter.6': 'Une ressource (article, podcast, formation) qui vous a aidée récemment ?',
  'circle.ready': 'Ton cercle est formé : bienvenue dans le cercle {number} 💜 Votre espace privé est ouvert : {space}',

  // Les points du cercle
  'circle.checkin.question':
    '**Petit point du cercle {number}** 💬 Cela fait {weeks} semaines : avez-vous réussi à vous retrouver ?',
  'circle.checkin.starter': 'Une idée pour relancer la discussion : {starter}',
  'circle.checkin.hint': 'Une réponse de l’une d’entre vous suffit.',
  'circle.checkin.met': 'Nous nous sommes vues',
  'circle.checkin.help': 'Un coup de main ?',
  'circle.checkin.metSaved': 'Merci, c’est noté 💜 Prochain point dans {weeks} semaines.',
  'circle.checkin.helpSaved': 'C’est noté : l’équipe de modération est prévenue et reviendra vers vous.',
  'circle.help.alert': '🆘 {asker} demande un coup de main pour le cercle {number} ({members}).',

  // Un cercle qui a perdu du monde
  'circle.left.told': {
    one: '{member} a quitté votre cercle. Vous êtes maintenant {count}.',
    other: '{member} a quitté votre cercle. Vous êtes maintenant {count}.',
  },
  'circle.left.erased': {
    one: 'Une membre de votre cercle a quitté Marraine. Vous êtes maintenant {count}.',
    other: 'Une membre de votre cercle a quitté Marraine. Vous êtes maintenant {count}.',
  },
  'circle.short.intro': 'Un cercle, c’est au moins 3 personnes. Voici ce que je vous propose :',
  'circle.offer.newcomer': '- accueillir {member}, qui attend un cercle (vous partageriez : {shared}) ;',
  'circle.offer.merge': {
    one: '- rejoindre le cercle {number} ({count} personne ; vous partageriez : {shared}).',
    other: '- rejoindre le cercle {number} ({count} personnes ; vous partageriez : {shared}).',
  },
  'circle.offer.none':
    'Personne n’attend pour l’instant : je vous préviendrai dès qu’une nouvelle personne qui vous correspond demandera un cercle.',
  'circle.offer.arrived': 'Bonne nouvelle pour votre cercle : quelqu’un vient de demander à rejoindre un cercle.',
  'circle.offer.welcomeButton': 'L’accueillir',
  'circle.offer.mergeButton': 'Rejoindre le cercle {number}',
  'circle.offer.welcomed': 'C’est fait : le cercle {number} s’agrandit 💜 Votre nouvel espace arrive dans un instant.',
  'circle.offer.merged':
    'C’est fait : vos deux cercles n’en font plus qu’un, le cercle {number} 💜 Votre nouvel espace arrive dans un instant.',

  // Ce qui ne va pas
  'circle.error.noProfile': 'Pour rejoindre un cercle, réponds d’abord au questionnaire : /marraine rejoindre.',
  'circle.error.mentorOnly':
    'Les cercles sont pour les filleules et les pairs. Si tu veux en rejoindre un, indique « les deux » ou « pair » comme rôle dans /marraine profil.',
  'circle.error.paused': 'Ton profil est en pause : reprends-le dans /marraine profil pour rejoindre un cercle.',
  'circle.error.already': 'Tu es déjà dans le cercle {number}.',
  'circle.error.none': 'Tu n’es dans aucun cercle pour l’instant.',
  'circle.error.notYours': 'Ce bouton concerne un cercle dont tu ne fais pas (ou plus) partie.',
  'circle.error.notShort': 'Votre cercle est déjà au complet : cette proposition n’a plus lieu d’être.',
  'circle.error.newcomerGone':
    'Cette personne n’attend plus de cercle. Regarde les propositions à jour avec /marraine cercle.',
  'circle.error.mergeGone':
    'Ce cercle n’est plus disponible pour vous rejoindre. Regarde les propositions à jour avec /marraine cercle.',

  // Événements : annonce, inscription, groupes
  'event.announce.title': '📣 **{name}** — {date}',
  'event.announce.body':
    'Une journée en petits groupes de 3 ou 4, chacun avec une marraine. Inscris-toi avec le bouton ci-dessous : ton groupe te sera présenté dans un espace privé.',
  'event.announce.register': 'Je m’inscris',
  'event.register.done':
    'C’est noté : tu es inscrite à {name} ({date}) 💜 Tu découvriras ton groupe dans un espace privé.',
  'event.register.already': 'Tu es déjà inscrite à {name} ({date}).',
  'event.register.cancel': 'Me désinscrire',
  'event.register.cancelled': 'Tu n’es plus inscrite à {name}.',
  'event.group.welcome':
    '**{name} — groupe {number}** 💜 Bienvenue {participants} ! Votre marraine pour l’événement : {mentor}.',
  'event.group.date': 'Rendez-vous le {date}.',
  'event.group.startersTitle': 'Pour faire connaissance',
  'event.group.starter1': 'Présentez-vous : votre parcours en deux phrases et ce que vous attendez de la journée.',
  'event.group.starter2': 'Une question que vous aimeriez poser à votre marraine ?',
  'event.group.starter3': 'Un domaine de la tech que vous aimeriez découvrir ensemble ?',
  'event.invalid.date': 'écris une date comme 14/03/2027 ou 14/03/2027 14h.',
  'event.invalid.past': 'cette date est passée.',
  'event.error.noAnnouncements':
    'Aucun salon d’annonces n’est choisi : choisis-le dans /marraine admin, puis annonce l’événement.',
  'event.error.closed': 'Les inscriptions à cet événement sont closes.',
  'event.error.published': 'Les groupes de cet événement sont déjà publiés : ils ne changent plus.',
  'event.error.notRegistered': 'Choisis deux personnes inscrites à l’événement.',
  'event.error.swapTwo': 'Choisis exactement deux personnes à échanger.',
  'event.error.swapRoles': 'On échange deux participantes, ou deux marraines : pas une participante avec une marraine.',
  'event.error.swapSameGroup': 'Ces deux personnes sont déjà dans le même groupe.',
  'event.error.swapLanguage':
    'Après cet échange, le groupe {number} n’aurait plus de langue commune : je ne l’ai pas fait.',
  'event.error.proposalStale':
    'Les inscriptions ont changé depuis la proposition (ou un groupe n’a pas sa marraine) : refais les groupes avant de les publier.',

  // Régions
  'region.invalid.taken': 'une région porte déjà ce nom (ou l’a parmi ses autres noms).',
  'region.reminder.text':
    '📅 Ce soir à 18 h, la rencontre mensuelle de la région {name} avec sa déléguée. Toutes les membres de la région sont les bienvenues !',

  // Champs des formulaires
  'field.eventName': 'Nom de l’événement',
  'field.eventDate': 'Date (et heure)',
  'field.participants': 'Participantes (mentions ou identifiants)',
  'field.mentors': 'Marraines (mentions ou identifiants)',
  'field.regionName': 'Nom de la région',
  'field.regionAliases': 'Autres noms (villes, départements)',
  'field.regionDelegate': 'Déléguée de la région',

  // /marraine admin → Cercles
  'admin.circles.button': 'Cercles',
  'admin.circles.title': 'Cercles de pairs',
  'admin.circles.waiting': { one: '{count} personne attend un cercle', other: '{count} personnes attendent un cercle' },
  'admin.circles.active': {
    one: '{count} cercle actif ({members} membres)',
    other: '{count} cercles actifs ({members} membres)',
  },
  'admin.circles.short': {
    one: '{count} cercle a moins de 3 membres (ses membres se voient proposer une nouvelle venue ou une fusion)',
    other: '{count} cercles ont moins de 3 membres (leurs membres se voient proposer une nouvelle venue ou une fusion)',
  },
  'admin.circles.how':
    'Un cercle se forme tout seul dès que 4 personnes de même langue et de même situation attendent. « Former les cercles maintenant » place tout le monde possible, en mélangeant les situations s’il le faut.',
  'admin.circles.form': 'Former les cercles maintenant',
  'admin.circles.formed': {
    one: '{count} cercle formé ({placed} personnes placées ; {waiting} en attente).',
    other: '{count} cercles formés ({placed} personnes placées ; {waiting} en attente).',
  },
  'admin.circles.noneFormed': {
    one: 'Aucun cercle à former : {count} personne attend, il en faut au moins 3 qui parlent une même langue.',
    other: 'Aucun cercle à former : {count} personnes attendent, il en faut au moins 3 qui parlent une même langue.',
  },

  // /marraine admin → Événements
  'admin.events.button': 'Événements',
  'admin.events.title': 'Événements',
  'admin.events.none': 'Aucun événement pour l’instant.',
  'admin.events.published': 'groupes publiés',
  'admin.events.pick': 'Ouvrir un événement',
  'admin.events.new': 'Nouvel événement',
  'admin.events.formTitle': 'Nouvel événement',
  'admin.events.dateHint': 'Par exemple 14/03/2027 ou 14/03/2027 9h30',
  'admin.events.created': 'Événement créé. Annonce-le, ajoute des participantes et indique les marraines.',
  'admin.event.participants': { one: '{count} participante', other: '{count} participantes' },
  'admin.event.mentors': { one: '{count} marraine', other: '{count} marraines' },
  'admin.event.statusOpen': 'Inscriptions ouvertes (pas encore annoncé)',
  'admin.event.statusAnnounced': 'Annoncé, inscriptions ouvertes',
  'admin.event.statusPublished': 'Groupes publiés',
  'admin.event.addParticipants': 'Ajouter des participantes',
  'admin.event.addMentors': 'Indiquer les marraines',
  'admin.event.makeGroups': 'Faire les groupes',
  'admin.event.seeGroups': 'Voir les groupes',
  'admin.event.announce': 'Annoncer',
  'admin.event.paste': 'Coller une liste',
  'admin.event.pasteTitle': 'Coller une liste',
  'admin.event.pasteHint': 'Des mentions ou des identifiants, séparés par des espaces, virgules ou retours à la ligne',
  'admin.event.added': { one: '{count} participante ajoutée.', other: '{count} participantes ajoutées.' },
  'admin.event.mentorsTagged': { one: '{count} marraine indiquée.', other: '{count} marraines indiquées.' },
  'admin.event.pasted': 'Ajoutées : {added} participante(s) ; marraines indiquées : {tagged}.',
  'admin.event.pasteUnknown': 'Je n’ai pas reconnu : {items}',
  'admin.event.announced': 'Annonce envoyée dans {channel}, avec son bouton d’inscription.',
  'admin.groups.title': 'Groupes proposés — {name}',
  'admin.groups.titlePublished': 'Groupes publiés — {name}',
  'admin.groups.line': '**Groupe {number}** — marraine {mentor} : {participants}',
  'admin.groups.noMentor': 'aucune',
  'admin.groups.more': { one: 'et {count} autre groupe', other: 'et {count} autres groupes' },
  'admin.groups.spare': 'Marraines sans groupe : {mentors}',
  'admin.groups.ungrouped': 'Inscrites après la proposition (refais les groupes pour les placer) : {people}',
  'admin.groups.swap': 'Échanger deux personnes',
  'admin.groups.publish': 'Publier les groupes',
  'admin.groups.again': 'Refaire les groupes',
  'admin.groups.made': {
    one: '{count} groupe proposé : vérifie, échange des personnes si besoin, puis publie.',
    other: '{count} groupes proposés : vérifie, échange des personnes si besoin, puis publie.',
  },
  'admin.groups.swapped': 'Échange fait.',
  'admin.groups.published': {
    one: 'Groupes publiés : {count} groupe a son espace privé et son message de bienvenue.',
    other: 'Groupes publiés : {count} groupes ont chacun leur espace privé et leur message de bienvenue.',
  },
  'admin.groups.missingMentors': {
    one: 'Il manque {count} marraine pour faire des groupes de 3 ou 4 avec une marraine chacun.',
    other: 'Il manque {count} marraines pour faire des groupes de 3 ou 4 avec une marraine chacun.',
  },
  'admin.groups.missingMentorsLanguage': {
    one: 'Il manque {count} marraine qui parle {language} pour les participantes qui ne parlent que cette langue.',
    other: 'Il manque {count} marraines qui parlent {language} pour les participantes qui ne parlent que cette langue.',
  },
  'admin.groups.tooFew': 'Il faut au moins {min} participantes (hors marraines) pour faire un groupe.',
  'admin.groups.uneven': '{count} participantes ne font pas des groupes de 3 ou 4 : ajoutes-en une ou retires-en une.',
  'admin.groups.languages': {
    one: '{count} participante ne partage de langue avec assez de monde pour former un groupe : ajoute des personnes qui parlent sa langue.',
    other:
      '{count} participantes ne partagent de langue avec assez de monde pour former un groupe : ajoute des personnes qui parlent leur langue.',
  },

  // /marraine admin → Régions
  'admin.regions.button': 'Régions',
  'admin.regions.title': 'Régions',
  'admin.regions.none': 'Aucune région pour l’instant.',
  'admin.regions.line': '{name} — déléguée : {delegate} — {count} membre(s)',
  'admin.regions.also': 'aussi : {names}',
  'admin.regions.how':
    'Une membre fait partie d’une région quand la région de son profil est son nom ou l’un de ses autres noms (sans tenir compte des majuscules ni des accents).',
  'admin.regions.noDelegate': 'pas encore choisie',
  'admin.regions.delegate': 'Déléguée : {delegate}',
  'admin.regions.pick': 'Gérer une région',
  'admin.regions.add': 'Ajouter une région',
  'admin.regions.formTitle': 'Nouvelle région',
  'admin.regions.aliasesHint': 'Séparés par des virgules : Lyon, Grenoble, Saint-Étienne',
  'admin.regions.pickDelegate': 'Qui est la déléguée de cette région ? Choisis-la, puis donne son nom à la région.',
  'admin.regions.noDelegateYet': 'Pas encore de déléguée',
  'admin.regions.created': 'La région {name} est créée.',
  'admin.regions.offerReminder':
    'Veux-tu un rappel de sa rencontre mensuelle, le premier mardi du mois à 18 h ? Choisis le salon où le poster.',
  'admin.regions.reminderIn': 'Rappel mensuel dans le salon…',
  'admin.regions.notNow': 'Pas maintenant',
  'admin.regions.reminderAdded':
    'Rappel mensuel ajouté dans {channel} : le premier mardi du mois à 18 h (prochain : {next}). Tu le retrouves dans Rappels → Rappels de la communauté.',
  'admin.regions.changeDelegate': 'Changer de déléguée',
  'admin.regions.delete': 'Supprimer la région',
  'admin.regions.deleteConfirm':
    'Supprimer cette région ? Les profils ne changent pas ; ses rappels restent dans Rappels de la communauté.',
  'admin.regions.deleted': 'La région {name} est supprimée.',
} as const;
