// Textes français : la langue par défaut et la référence des clés et des {paramètres}.
export const fr = {
  'config.header': 'La configuration de Marraine est à corriger :',
  'config.problem': '  • {variable} {problem}',
  'config.footer':
    'Corrigez ces valeurs dans le fichier .env (modèle commenté : .env.example) ou dans l’environnement, puis relancez npm start.',
  'config.invalid.generic': 'a une valeur invalide ({detail}).',
  'config.invalid.choice': 'doit valoir l’une de ces valeurs : {options}.',
  'config.invalid.url': 'doit être une adresse http(s), par exemple http://127.0.0.1:3000/api.',
  'config.invalid.postgresUrl':
    'doit ressembler à postgres://utilisateur:motdepasse@hote:5432/base (encodez les caractères spéciaux du mot de passe).',
  'config.invalid.timeZone': 'doit être un fuseau horaire IANA, par exemple Europe/Paris.',
  'config.invalid.port': 'doit être un numéro de port entre 1 et 65535.',
  'config.invalid.discordApplicationId': 'doit être l’identifiant numérique de l’application Discord (Developer Portal → General Information).',
  'config.invalid.slackBotToken': 'doit commencer par xoxb- (Slack → OAuth & Permissions → Bot User OAuth Token).',
  'config.invalid.slackAppToken': 'doit commencer par xapp- (Slack → Basic Information → App-Level Tokens).',
  'config.required.discordApplicationId': 'est nécessaire quand DISCORD_TOKEN est défini.',
  'config.required.slackSigningSecret':
    'est nécessaire quand SLACK_BOT_TOKEN est défini (ou définissez SLACK_APP_TOKEN pour le Socket Mode).',
  'config.required.slackBotToken': 'est nécessaire dès qu’une autre variable SLACK_ est définie.',

  'startup.noPlatform':
    `Marraine est prête (base de données : {database}), mais aucune plateforme n’est configurée.

Pour la brancher sur Discord, définissez DISCORD_TOKEN et DISCORD_APPLICATION_ID.
Pour Slack, définissez SLACK_BOT_TOKEN et SLACK_SIGNING_SECRET (ou SLACK_APP_TOKEN pour le Socket Mode).

Copiez .env.example en .env, remplissez-le, puis relancez npm start.
Le README explique pas à pas comment créer les applications Discord et Slack.
Pour voir le bot répondre sans compte Discord ni Slack, lancez npm test : les tests de bout en bout le font dialoguer avec des serveurs Discord et Slack locaux.`,
  'startup.error.unexpected': 'Marraine n’a pas pu démarrer : {reason}',

  'storage.error.unreachable':
    'Impossible de joindre la base PostgreSQL {url} ({reason}). Vérifiez que le serveur tourne et que DATABASE_URL est juste.',
  'storage.error.authentication':
    'PostgreSQL a refusé l’identification pour {url} ({reason}). Vérifiez l’utilisateur et le mot de passe dans DATABASE_URL.',
  'storage.error.missingDatabase':
    'La base indiquée par DATABASE_URL n’existe pas sur ce serveur ({reason}). Créez-la (createdb marraine) ou corrigez son nom.',
  'storage.error.corrupt':
    'La base intégrée dans {dir} ne peut pas être ouverte ({reason}). Rien n’a été modifié : restaurez une sauvegarde de ce dossier, ou choisissez un autre DATA_DIR pour repartir de zéro.',
  'storage.error.notDatabase':
    '{dir} contient des fichiers qui ne sont pas une base Marraine. Rien n’a été modifié : videz ce dossier ou choisissez un autre DATA_DIR.',
  'storage.error.locked':
    'Une autre instance de Marraine (processus {pid}) utilise déjà {dir}. Arrêtez-la d’abord ; pour faire tourner plusieurs instances, utilisez PostgreSQL (DATABASE_URL).',
  'storage.error.dataDir': 'Impossible d’utiliser le dossier {dir} ({reason}). Vérifiez ses droits ou choisissez un autre DATA_DIR.',
  'storage.error.migration':
    'La mise à jour du schéma de la base a échoué ({reason}). Les migrations déjà appliquées restent en place ; corrigez la cause puis relancez.',
} as const;
