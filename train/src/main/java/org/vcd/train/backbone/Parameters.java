package org.vcd.train.backbone;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Fixed weights as graph variables, their values fed once when {@link #initialize} runs: the SavedModel's variables
 * then carry them (and its weights hash names the model), and the graph itself stays small.
 */
final class Parameters {

    private record Pending(Shape shape, float[] values, Placeholder<TFloat32> value, Assign<TFloat32> assign) {
    }

    private final Ops tf;
    private final List<Pending> pending = new ArrayList<>();

    Parameters(Ops tf) {
        this.tf = tf;
    }

    Operand<TFloat32> of(long[] shape, float[] values) {
        Shape s = Shape.of(shape);
        if (s.size() != values.length) {
            throw new IllegalArgumentException("shape " + s + " holds " + s.size() + " values, not " + values.length);
        }
        Variable<TFloat32> variable = tf.variable(s, TFloat32.class);
        Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(s));
        pending.add(new Pending(s, values, value, tf.assign(variable, value)));
        return variable;
    }

    Operand<TFloat32> of(TfjsModel.Weight weight) {
        return of(weight.shape(), weight.values());
    }

    Operand<TFloat32> of(float[] vector) {
        return of(new long[] {vector.length}, vector);
    }

    Operand<TFloat32> of(float[][] matrix) {
        float[] flat = new float[matrix.length * matrix[0].length];
        for (int r = 0; r < matrix.length; r++) {
            System.arraycopy(matrix[r], 0, flat, r * matrix[0].length, matrix[0].length);
        }
        return of(new long[] {matrix.length, matrix[0].length}, flat);
    }

    /** Assigns every variable made since the last call its value. */
    void initialize(Session session) {
        for (Pending p : pending) {
            try (TFloat32 value = TFloat32.tensorOf(p.shape(), DataBuffers.of(p.values()))) {
                session.runner().feed(p.value(), value).addTarget(p.assign()).run();
            }
        }
        pending.clear();
    }
}
