"""Explorers: widgets that run the course's functions as the reader drags a slider.

    from autograder.student.explore import LearningRateExplorer
    LearningRateExplorer(gradient_descent)     # in an ungraded notebook cell

One module per notebook (nb01_gradient_descent, ...); `common` holds what they share. The
widgets take the functions they run as arguments — the reader's own in a notebook, the
reference in the explorer app (explorers/) — and contain no solution of any exercise: where a
function is not written yet they say which, or use central differences of what is written.
"""

from autograder.student.explore.nb01_gradient_descent import LearningRateExplorer
from autograder.student.explore.nb02_chain_rule import GraphExplorer
from autograder.student.explore.nb03_sigmoid import SaturationExplorer
from autograder.student.explore.nb04_last_layer import LastLayerExplorer
from autograder.student.explore.nb05_deep_delta import GradientFlowExplorer
from autograder.student.explore.nb06_softmax import SoftmaxExplorer
from autograder.student.explore.nb07_training import TrainingPlayground
from autograder.student.explore.nb08_any_graph import AnyGraphExplorer

__all__ = ["AnyGraphExplorer", "GradientFlowExplorer", "GraphExplorer", "LastLayerExplorer",
           "LearningRateExplorer", "SaturationExplorer", "SoftmaxExplorer", "TrainingPlayground"]
