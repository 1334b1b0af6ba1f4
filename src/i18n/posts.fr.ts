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

  // La commande et ses options (descriptions : 100 caractères au plus pour Discord).
  'posts.option.category': 'Ce que montre ta publication',
  'posts.option.image': 'Ta photo (png, jpeg, webp ou gif) ; pas besoin pour une citation',
  'posts.option.caption': 'Ta légende, ou la citation (1 000 caractères au plus)',
  'posts.option.credit': 'Comment te créditer',
  'posts.option.handle': 'Le pseudo à afficher, si tu choisis « un pseudo »',
  'posts.option.consent': 'Où elle peut être publiée',
  'posts.creditChoice.name': 'Mon nom',
  'posts.creditChoice.handle': 'Un pseudo',
  'posts.creditChoice.anonymous': 'Anonyme',
  'posts.consent.community': 'Dans la communauté seulement',
  'posts.consent.social': 'Aussi sur ses réseaux sociaux publics',

  // Ce qui manque ou est refusé.
  'posts.field.category': 'la catégorie',
  'posts.field.image': 'l’image',
  'posts.field.caption': 'la légende',
  'posts.field.credit': 'le crédit',
  'posts.field.handle': 'le pseudo',
  'posts.field.consent': 'la diffusion',
  'posts.refused': '{problems}{kept}',
  'posts.refused.missing': 'Il manque encore : {fields}.',
  'posts.refused.tooLarge': 'Ton image est trop lourde : {max} Mo au plus, s’il te plaît.',
  'posts.refused.unreadable': 'Je n’ai pas pu récupérer ton image auprès de la plateforme : envoie-la à nouveau.',
  'posts.refused.notImage': 'Ce fichier n’est pas une image que je sais publier : png, jpeg, webp ou gif.',
  'posts.refused.captionTooLong': 'Ta légende est trop longue : {max} caractères au plus.',
  'posts.refused.handleTooLong': 'Ton pseudo est trop long : {max} caractères au plus.',
  'posts.problem.missing': 'À remplir.',
  'posts.problem.tooLarge': '{max} Mo au plus.',
  'posts.problem.unreadable': 'Je n’ai pas pu récupérer ce fichier : envoie-le à nouveau.',
  'posts.problem.notImage': 'Une image png, jpeg, webp ou gif, s’il te plaît.',
  'posts.problem.tooLong': '{max} caractères au plus.',
  'posts.kept.command':
    'J’ai gardé ce que tu as déjà donné ({fields}) : relance /marraine partager avec seulement ce qui manque.',
  'posts.kept.form':
    'J’ai gardé ce que tu as déjà donné ({fields}) : tu le retrouveras dans le formulaire de /marraine partager.',
  'posts.error.noQueue':
    'L’équipe de modération n’a pas encore choisi le salon où arrivent les publications : je ne peux pas encore envoyer la tienne. Réessaie un peu plus tard 💜{kept}',
  'posts.error.notWaitingForChanges': 'Cette publication n’attend plus de modification de ta part.',
  'posts.error.stale':
    'Cette carte n’est plus à jour : la publication a changé depuis. Décide depuis sa carte la plus récente.',
  'posts.error.reasonRequired': 'Donne la raison du refus : elle lui sera envoyée.',
  'posts.error.changesRequired': 'Dis-lui ce qu’il faut changer.',
  'posts.error.ownSubmission':
    'C’est ta propre publication : une autre personne de l’équipe de modération s’en occupera.',
  'posts.error.alreadyPublished':
    'Cette publication est déjà parue : elle ne peut plus être retirée. Écris à l’équipe de modération si besoin.',

  // Ce qu’elle lit en retour.
  'posts.submitted':
    'Merci 💜 Ta publication est dans la file de modération. Je te dis en message privé ce qu’en pense l’équipe.',
  'posts.edited': 'Merci ! Ta publication modifiée repasse dans la file de modération.',
  'posts.replaced':
    'C’est noté : ta nouvelle photo remplace l’ancienne, et ta publication repasse dans la file de modération.',
  'posts.withdrawn': 'C’est fait : ta publication est retirée, elle ne sera pas publiée.',
  'posts.alreadyWithdrawn': 'Cette publication est déjà retirée.',
  'posts.withdraw': 'Retirer',
  'posts.list.title': 'Tes publications en cours',
  'posts.list.item': '« {category} » — {status} (envoyée le {date})',
  'posts.list.none': 'Tu n’as pas de publication en cours.',
  'posts.list.how':
    'Pour partager une publication : /marraine partager avec categorie, image (sauf pour une citation), legende, credit (et pseudo si tu en choisis un) et diffusion.',
  'posts.list.draft': 'J’ai gardé ton dernier essai ({fields}) : il complètera ta prochaine commande.',
  'posts.list.replaceHint':
    'Une publication attend une modification : lance /marraine partager avec seulement la nouvelle image (et une légende si tu la changes) pour remplacer sa photo.',
  'posts.status.pending': 'en attente de décision',
  'posts.status.changes_requested': 'modification demandée',
  'posts.status.approved': 'approuvée, en attente de publication',
  'posts.status.rejected': 'non retenue',
  'posts.status.withdrawn': 'retirée',
  'posts.status.published': 'publiée',

  // Le formulaire de partage (Slack) et celui de modification.
  'posts.form.title': 'Partager une publication',
  'posts.form.submit': 'Envoyer',
  'posts.form.category': 'Catégorie',
  'posts.form.image': 'Ta photo',
  'posts.form.imageHint': 'png, jpeg, webp ou gif, {max} Mo au plus. Pas besoin pour une citation.',
  'posts.form.imageKept': 'Ta photo précédente est gardée si tu n’en choisis pas d’autre.',
  'posts.form.caption': 'Ta légende (ou la citation)',
  'posts.form.credit': 'Comment te créditer',
  'posts.form.handle': 'Ton pseudo',
  'posts.form.handleHint': 'Seulement si tu choisis d’être créditée par un pseudo.',
  'posts.form.consent': 'Où elle peut être publiée',
  'posts.form.consentHint': 'Sur les réseaux sociaux, elle sera publique : choisis ce qui te va.',
  'posts.edit.title': 'Modifier ma publication',
  'posts.edit.submit': 'Renvoyer',
  'posts.edit.image': 'Nouvelle photo (facultatif)',

  // Les messages privés à chaque étape.
  'posts.dm.approved':
    'Bonne nouvelle : ta publication « {category} » a été approuvée par {moderator} 💜 Elle attend maintenant son tour de publication.',
  'posts.dm.rejected': 'Ta publication « {category} » n’a pas été retenue par {moderator}. L’explication : {reason}',
  'posts.dm.changes': 'Une modification est demandée sur ta publication « {category} » par {moderator} : {changes}',
  'posts.dm.changesHowDiscord':
    'Modifie ta légende avec le bouton ci-dessous. Pour changer la photo, lance /marraine partager avec seulement la nouvelle image (et une légende si tu la changes). Elle repassera ensuite dans la file de modération.',
  'posts.dm.changesHowSlack':
    'Modifie-la avec le bouton ci-dessous (légende, et photo si besoin) : elle repassera ensuite dans la file de modération.',
  'posts.dm.reopened':
    'Ta publication « {category} » a été rouverte par {moderator} : elle attend de nouveau une décision.',
  'posts.dm.edit': 'Modifier',

  // La carte dans le salon de modération.
  'posts.theModerators': 'l’équipe de modération',
  'posts.card.pending': '⏳ En attente de décision.',
  'posts.card.edited': '⏳ Modifiée par son autrice le {when}, en attente de décision.',
  'posts.card.reopened': '⏳ Rouverte par {moderator} le {when}, en attente de décision.',
  'posts.card.approved': '✅ Approuvée par {moderator} le {when}.',
  'posts.card.rejected': '❌ Refusée par {moderator} le {when}. Raison : {reason}',
  'posts.card.changes': '✏️ Modification demandée par {moderator} le {when} : {changes}',
  'posts.card.withdrawn': '↩️ Retirée par {author} le {when}.',
  'posts.card.published': '📣 Publiée le {when}.',
  'posts.card.approve': 'Approuver',
  'posts.card.requestChanges': 'Demander une modification',
  'posts.card.reject': 'Refuser',
  'posts.card.reopen': 'Rouvrir',
  'posts.card.queue': 'File de publication',

  // Les décisions, côté modération.
  'posts.reject.title': 'Refuser la publication',
  'posts.reject.reason': 'La raison du refus',
  'posts.reject.hint': 'Elle recevra ce texte en message privé.',
  'posts.reject.submit': 'Refuser',
  'posts.changes.title': 'Demander un changement',
  'posts.changes.what': 'Ce qu’il faut changer',
  'posts.changes.hint': 'Elle recevra ce texte en message privé, avec un bouton pour modifier.',
  'posts.changes.submit': 'Envoyer',
  'posts.decision.approved':
    'C’est approuvé : la publication rejoint la file de publication, et {author} est prévenue.',
  'posts.decision.rejected': 'C’est refusé : {author} reçoit ta raison en message privé.',
  'posts.decision.changes': 'C’est demandé : {author} reçoit ta demande en message privé.',
  'posts.decided.approved': 'Déjà approuvée par {moderator} le {when}.',
  'posts.decided.rejected': 'Déjà refusée par {moderator} le {when}.',
  'posts.decided.changes': 'Une modification a déjà été demandée par {moderator} le {when}.',
  'posts.decided.withdrawn': '{author} a retiré cette publication le {when}.',
  'posts.decided.published': 'Cette publication est déjà parue, le {when}.',
  'posts.decided.reopened': 'Déjà rouverte par {moderator} le {when} : elle attend une décision.',
  'posts.decided.pending': 'Cette publication attend déjà une décision.',
  'posts.reopen.confirm':
    'Rouvrir cette publication ? La décision prise est annulée : elle repasse en attente, et son autrice est prévenue.',
  'posts.reopen.confirmButton': 'Oui, rouvrir',
  'posts.reopen.done': 'C’est rouvert : la carte retrouve ses boutons, et {author} est prévenue.',
} as const;
