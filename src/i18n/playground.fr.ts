// Textes français du bac à sable local (clés playground.*) : son message de démarrage, sa page et sa communauté d’exemple.
export const playgroundFr = {
  'playground.startup.ready': `Marraine est prête (base de données : {database}), mais aucune plateforme n’est configurée : le bac à sable local est ouvert.

  ➜  {url}

Ouvrez cette adresse dans un navigateur : Marraine y répond comme sur Discord ou Slack, dans une petite communauté d’exemple (une filleule en reconversion, deux marraines, une modératrice, une administratrice). Ctrl+C pour l’arrêter.

Pour la brancher sur Discord, définissez DISCORD_TOKEN et DISCORD_APPLICATION_ID.
Pour Slack, définissez SLACK_BOT_TOKEN et SLACK_SIGNING_SECRET (ou SLACK_APP_TOKEN pour le Socket Mode).
Copiez .env.example en .env, remplissez-le, puis relancez npm start. Le README explique pas à pas comment créer les applications Discord et Slack.`,
  'playground.startup.explicit': `Bac à sable local de Marraine (base de données : {database}) :

  ➜  {url}

Il garde ses propres données ; Discord et Slack ne sont pas branchés dans ce mode. Ctrl+C pour l’arrêter.`,
  'playground.startup.noLogin':
    'Attention : le bac à sable écoute sur {host} (PLAYGROUND_HOST) et n’a pas de connexion. Toute personne qui l’atteint peut agir au nom de chaque membre d’exemple, administratrice comprise. Ne l’ouvrez que sur un réseau de confiance.',
  'playground.startup.portBusy':
    'Le port {port} est déjà pris : arrêtez ce qui l’utilise, ou choisissez-en un autre avec PORT (par exemple PORT=3001 npm start).',
  'playground.startup.cannotListen':
    'Le bac à sable ne peut pas écouter sur {host}:{port} ({reason}). Vérifiez PLAYGROUND_HOST et PORT.',
  'playground.startup.notLoopback':
    'Le bac à sable n’écoute que sur cette machine (127.0.0.1) ; pour l’ouvrir à une autre adresse ({host}), définissez PLAYGROUND_HOST.',

  'playground.community': 'Bac à sable Marraine',
  'playground.persona.camille': 'filleule, en reconversion',
  'playground.persona.sophie': 'marraine, back-end à Lyon',
  'playground.persona.nadia': 'marraine, data à Paris',
  'playground.persona.lea': 'modératrice',
  'playground.persona.claire': 'administratrice',
  'playground.channel.general': 'général',
  'playground.channel.matching': 'marrainage',
  'playground.channel.moderation': 'file-de-modération',
  'playground.channel.showcase': 'vitrine',
  'playground.sample.bio.sophie':
    'Développeuse back-end depuis douze ans, après des études de lettres : je sais ce que c’est, de changer de voie.',
  'playground.sample.bio.nadia':
    'Data scientist, j’aime préparer un premier entretien ou une première conférence avec celles qui débutent.',
  'playground.sample.bio.lea': 'Développeuse front depuis un an, je modère la communauté le soir.',

  'playground.ui.title': 'Marraine — bac à sable',
  'playground.ui.persona': 'Vous êtes',
  'playground.ui.language': 'Langue',
  'playground.ui.channels': 'Salons',
  'playground.ui.spaces': 'Espaces privés',
  'playground.ui.dms': 'Messages privés de Marraine',
  'playground.ui.dmEmpty': 'Aucun message privé pour l’instant.',
  'playground.ui.empty': 'Rien ici pour l’instant. Tapez /marraine et une commande ci-dessous.',
  'playground.ui.onlyYou': 'Visible par vous seule',
  'playground.ui.edited': '(modifié)',
  'playground.ui.commandPlaceholder': '/marraine rejoindre, /marraine marraines…',
  'playground.ui.send': 'Envoyer',
  'playground.ui.timeTravel': 'Voyage dans le temps',
  'playground.ui.travelHint': 'Avance l’horloge de l’appli (à 12 h 30) et lance les rappels et la publication du jour.',
  'playground.ui.day': '+1 jour',
  'playground.ui.week': '+1 semaine',
  'playground.ui.threeWeeks': '+3 semaines',
  'playground.ui.month': '+1 mois',
  'playground.ui.ahead': 'avance : {days} j',
  'playground.ui.reset': 'Tout recommencer',
  'playground.ui.resetConfirm': 'Effacer les messages et repartir de la communauté d’exemple ?',
  'playground.ui.cancel': 'Annuler',
  'playground.ui.apply': 'Valider',
  'playground.ui.required': 'obligatoire',
  'playground.ui.failed': 'Quelque chose n’a pas marché ({status}). Réessayez.',
  'playground.ui.intro':
    'Essayez en Camille : /marraine rejoindre, puis /marraine marraines. Changez de personne en haut pour répondre en marraine.',
  'playground.ui.bot': 'Marraine',
} as const;
