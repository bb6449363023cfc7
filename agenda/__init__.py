"""The agenda app: the regie-agenda and the Lokale Educatieve Agenda (LEA). Agendas with their
themes, goals and measurements; agreements between partners with versions that every party
confirms, their progress and the notifications about them; meetings. See docs/architecture.md,
"The agenda app"."""
