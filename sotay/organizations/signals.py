"""What the tree tells the apps above it, which it may not import.

`subtree_moved` is sent inside the transaction of a move (a unit moved, or a child carried by a
merge), after the subtree has moved, with `unit` and the ids of the ancestors it left (`left`)
and joined (`joined`); an ancestor it kept is in neither. Figures kept per subtree (as the
admission tallies are) follow the unit with it.
"""

from django.dispatch import Signal

subtree_moved = Signal()
