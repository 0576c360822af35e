package org.vcd.train.backbone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes a model in the package's format: the topology and one weight shard, wrapped as its bundler wraps them. */
final class TfjsFiles {

    private TfjsFiles() {
    }

    /**
     * @param topology the module's value as minified JavaScript, {@code a.exports={modelTopology:...,
     *                 weightsManifest:[{paths:["group1-shard1of1"],...}]}}
     * @param shard    the quantized weights' bytes
     */
    static void write(Path folder, String topology, byte[] shard) throws IOException {
        Files.createDirectories(folder);
        String prefix = "!function(e){module.exports=e()}(function(){return function(){}({1:[function(e,a,n){";
        String suffix = "},{}]},{},[1])(1)});";
        Files.writeString(folder.resolve(TfjsModel.TOPOLOGY_FILE), prefix + topology + suffix);
        Files.writeString(folder.resolve("group1-shard1of1.min.js"),
                prefix.replace("a,n", "h,n") + "h.exports=\"" + Base64.getEncoder().encodeToString(shard) + "\""
                        + suffix);
    }
}
