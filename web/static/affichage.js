// The waiting room's display (/affichage): follows the queue's Server-Sent
// Events and rewrites the called ticket, the last calls and the count.
// Without JavaScript the page refreshes itself (see its <noscript>).
'use strict';

(function () {
  const main = document.getElementById('contenu');
  if (!main || !window.EventSource) return;

  // "2" → "guichet 2"; a label ("Bureau B") as typed; none → "l'accueil".
  function counterText(counter) {
    if (!counter) return "l'accueil";
    return /^[0-9]+$/.test(counter) ? 'guichet ' + counter : counter;
  }

  function call(element, ticket) {
    element.textContent = '';
    element.append('Ticket ');
    const number = document.createElement('strong');
    number.textContent = String(ticket.number);
    element.append(number, ' ');
    const arrow = document.createElement('span');
    arrow.setAttribute('aria-hidden', 'true');
    arrow.textContent = '→';
    const comma = document.createElement('span');
    comma.className = 'visually-hidden';
    comma.textContent = ', ';
    element.append(arrow, comma, ' ' + counterText(ticket.counter));
    return number;
  }

  const opening = new Intl.DateTimeFormat('fr-FR', {
    weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit',
    timeZone: 'Europe/Paris',
  });

  function show(board) {
    const current = document.getElementById('appel');
    const paragraph = document.createElement('p');
    if (board.called.length > 0) {
      call(paragraph, board.called[0]).className = 'ticket-number';
    } else {
      paragraph.textContent = 'Aucun appel pour le moment.';
    }
    current.replaceChildren(paragraph);

    const previous = document.getElementById('derniers');
    previous.replaceChildren(...board.called.slice(1).map((ticket) => {
      const item = document.createElement('li');
      call(item, ticket);
      return item;
    }));

    let waiting = 'Personne n\u2019attend.';
    if (board.waiting === 1) waiting = '1 personne attend.';
    if (board.waiting > 1) waiting = board.waiting + ' personnes attendent.';
    if (board.waiting > 0 && board.open) {
      waiting += ' Attente estimée pour un nouveau ticket : ' + board.estimated_wait_minutes + ' min.';
    }
    document.getElementById('attente').textContent = waiting;

    let state = board.open ? 'Accueil ouvert.' : 'Accueil fermé.';
    if (!board.open && board.next_opening) {
      state += ' Réouverture ' + opening.format(new Date(board.next_opening)) + '.';
    }
    document.getElementById('etat').textContent = state;
  }

  // EventSource reconnects by itself (the server sends "retry:").
  const events = new EventSource(main.dataset.events);
  events.addEventListener('queue', (event) => {
    try {
      show(JSON.parse(event.data));
    } catch (error) {
      // A bad event leaves the last state on screen.
    }
  });
})();
